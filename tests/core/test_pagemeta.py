"""Title, author and day read once from the page, as trafilatura reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pagefixtures import ENGLISH

from newsdesk.core.extract import extract_article
from newsdesk.core.inlinemarks import MARKS
from newsdesk.core.pagemeta import page_meta
from newsdesk.core.pagetext import prepare_tree

URL = "https://harbour.example/2026/11/24/breakwater/"


def _page(head: str, top: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in ENGLISH + ENGLISH)
    return f"<html><head>{head}</head><body><article>{top}{body}</article></body></html>"


def test_meta_and_json_ld_come_first() -> None:
    head = (
        '<meta property="og:title" content="Breakwater to be rebuilt">'
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", '
        '"author": {"@type": "Person", "name": "Priya Nandakumar"}, '
        '"datePublished": "2026-11-24"}</script>'
    )
    meta = page_meta(prepare_tree(_page(head, ""), URL), URL)
    assert (meta.title, meta.author, meta.day) == (
        "Breakwater to be rebuilt",
        "Priya Nandakumar",
        "2026-11-24",
    )


def test_without_metadata_the_heading_and_byline_are_read_without_markers() -> None:
    # the heading's link and the byline's bold carry markers during extraction: the title
    # and author are read before they go in
    top = (
        '<h1><a href="/breakwater/">Breakwater</a> to be <b>rebuilt</b></h1>'
        '<p class="byline">By <a rel="author" href="/people/priya/">Priya Nandakumar</a></p>'
    )
    result = extract_article(_page("", top).encode(), URL)
    assert result.title == "Breakwater to be rebuilt"
    assert result.author == "Priya Nandakumar"
    assert not MARKS.search(result.title + result.author)
    assert result.published == datetime(2026, 11, 24, tzinfo=UTC)  # from the address


def test_a_metadata_reader_that_fails_leaves_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate

    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("htmldate bug")

    monkeypatch.setattr(htmldate, "find_date", broken)
    top = "<h1>Breakwater to be rebuilt</h1>"
    result = extract_article(_page("", top).encode(), "https://harbour.example/breakwater/")
    assert result.title == "Breakwater to be rebuilt"
    assert ENGLISH[0] in result.text
    assert result.published is None
