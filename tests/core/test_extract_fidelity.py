"""Extraction keeps what trafilatura alone keeps: links and formatting do not change the text
chosen, words around links stay apart, and text the page hides from scripts or breaks with
invisible characters still comes out whole."""

from __future__ import annotations

from pagefixtures import ENGLISH, article_page

from newsdesk.core.extract import extract_article

URL = "https://harbour.example/2026/11/breakwater/"
# long enough for trafilatura's fast pass to stand on its own
LONG = ENGLISH + [p.replace("the ", "this ") for p in ENGLISH]


def _page(paragraphs: list[str], extra: str = "") -> bytes:
    return article_page(paragraphs, extra_article=extra).encode()


def test_an_article_the_page_keeps_in_noscript_is_found() -> None:
    body = "".join(f"<p>{p}</p>" for p in ENGLISH)
    page = (
        "<html><head><title>Breakwater</title></head><body><div id='app'></div>"
        f"<noscript><article><h1>Breakwater</h1>{body}</article></noscript></body></html>"
    )
    result = extract_article(page.encode(), URL)
    assert ENGLISH[1] in result.text
