"""Extraction keeps what trafilatura alone keeps: links and formatting do not change the text
chosen, words around links stay apart, and text the page hides from scripts or breaks with
invisible characters still comes out whole."""

from __future__ import annotations

import re

from pagefixtures import ENGLISH, article_page

from newsdesk.core.extract import extract_article
from newsdesk.core.inlinemarks import MARKS

URL = "https://harbour.example/2026/11/breakwater/"
# long enough for trafilatura's fast pass to stand on its own
LONG = ENGLISH + [p.replace("the ", "this ") for p in ENGLISH]


def _page(paragraphs: list[str], extra: str = "") -> bytes:
    return article_page(paragraphs, extra_article=extra).encode()


def test_a_link_alone_in_a_line_of_the_page_is_not_made_a_paragraph() -> None:
    # asking trafilatura for links kept "Dr Amaka Okafor" as a paragraph of its own,
    # without its "Reviewed by": trafilatura alone keeps neither
    reviewed = (
        '<div class="reviewed">Reviewed by <a href="/people/okafor/">Dr Amaka Okafor</a></div>'
    )
    result = extract_article(_page(LONG, reviewed), URL)
    assert result.extractor == "trafilatura"
    assert "Amaka Okafor" not in result.text
    assert LONG[-1] in result.text


def test_links_and_formatting_come_back_in_the_article_html() -> None:
    paragraphs = list(LONG)
    paragraphs[1] = paragraphs[1].replace(
        "The new design uses interlocking",
        'The <a href="/designs/units/"><em>new design</em></a> uses <strong>interlocking</strong>',
    )
    result = extract_article(_page(paragraphs), URL)
    assert (
        '<a href="https://harbour.example/designs/units/"><em>new design</em></a> uses '
        "<strong>interlocking</strong> concrete units" in result.html
    )
    assert "The new design uses interlocking concrete units" in result.text
    assert not MARKS.search(result.html + result.text + result.title + result.author)


def test_the_word_after_a_link_keeps_its_space() -> None:
    post = (
        '<div class="post-body">I wrote a few posts this year but they were all for '
        '<a href="https://work.example/blog">the blog at work</a> so I figured I was overdue.'
        "<br>" + "".join(f"<p>{p}</p>" for p in ENGLISH) + "</div>"
    )
    page = f"<html><head><title>Overdue</title></head><body><main>{post}</main></body></html>"
    result = extract_article(page.encode(), URL)
    assert "all for the blog at work so I figured" in result.text


def test_a_pages_own_marker_characters_cannot_forge_a_link() -> None:
    paragraphs = list(LONG)
    paragraphs[0] = "\U000f0000" + paragraphs[0]  # would name the first link on the page
    # the first link on the page is the menu's "Home": a reference followed by its text
    paragraphs[1] = "&#xF0000;Home " + paragraphs[1]
    paragraphs[2] = paragraphs[2] + ' <a href="https://harbour.example/herring/">Herring</a>.'
    result = extract_article(_page(paragraphs), URL)
    assert result.html.count("<a ") == 1
    assert not MARKS.search(result.html)


def test_code_inside_a_sentence_stays_in_the_sentence() -> None:
    paragraphs = list(LONG)
    paragraphs[2] += " The crews log the level with <code>tide_gauge.py</code> every hour."
    result = extract_article(_page(paragraphs), URL)
    assert "log the level with <code>tide_gauge.py</code> every hour." in result.html
    assert "log the level with tide_gauge.py every hour." in result.text


def test_an_article_the_page_keeps_in_noscript_is_found() -> None:
    body = "".join(f"<p>{p}</p>" for p in ENGLISH)
    page = (
        "<html><head><title>Breakwater</title></head><body><div id='app'></div>"
        f"<noscript><article><h1>Breakwater</h1>{body}</article></noscript></body></html>"
    )
    result = extract_article(page.encode(), URL)
    assert ENGLISH[1] in result.text


def test_soft_hyphens_go_and_accents_are_composed() -> None:
    paragraphs = [
        p.replace("breakwater", "break&shy;water").replace("cafe", "cafe\u0301") for p in LONG
    ]
    paragraphs[3] += " The quay cafe\u0301 stays open."
    result = extract_article(_page(paragraphs), URL)
    assert "\u00ad" not in result.html + result.text
    assert "north breakwater will be rebuilt" in result.text
    assert "The quay caf\u00e9 stays open." in result.text
    assert not re.search("e\u0301", result.text)
