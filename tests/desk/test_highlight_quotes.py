"""Quotes are kept without the reader's link numbers, and still found on the text as shown."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.core.models import Highlight
from newsdesk.core.ports import ArticleInput
from newsdesk.desk import Desk

BODY = (
    "<p>The report is filed as <a href='https://archive.example/r'>identifier-1234567890</a>, "
    "runs to 200 pages. It was published in May.</p>"
)
SENTENCE = "The report is filed as identifier-1234567890, runs to 200 pages."


def _article(desk: Desk, body: str = BODY) -> str:
    feed = desk.store.add_feed("https://archive.example/feed", "Archive")
    desk.store.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid="r",
                title="Report",
                link="https://archive.example/r",
                author="",
                published=datetime(2026, 11, 1, tzinfo=UTC),
                updated=None,
                summary="",
                body=body,
            )
        ],
    )
    return desk.articles()[0].id


def test_a_highlight_over_a_link_is_stored_and_exported_without_its_number(desk: Desk) -> None:
    article_id = _article(desk)
    opened = desk.open_article(article_id)
    shown = opened.rendered.text
    assert "identifier-1234567890[1], runs" in shown
    end = shown.index("pages.") + len("pages.")
    highlight = desk.add_highlight(article_id, opened.rendered, 0, end)
    assert highlight.quote == SENTENCE
    assert "[1]" not in highlight.suffix and "[1]" not in highlight.prefix
    (placed,) = desk.open_article(article_id).highlights
    assert (placed.start, placed.end, placed.orphaned) == (0, end, False)
    exported = desk.export_notes("md")
    assert f"> {SENTENCE}" in exported.splitlines()
    assert "[1]" not in exported


def test_a_quote_saved_with_its_link_number_is_still_placed(desk: Desk) -> None:
    article_id = _article(desk)
    shown = desk.open_article(article_id).rendered.text
    end = shown.index("pages.") + len("pages.")
    desk.store.add_highlight(
        Highlight(id="", article_id=article_id, quote=shown[:end], start=0, end=end)
    )
    (placed,) = desk.open_article(article_id).highlights
    assert (placed.start, placed.end, placed.orphaned) == (0, end, False)


def test_a_clean_quote_follows_its_article_when_the_feed_edits_it(desk: Desk) -> None:
    article_id = _article(desk)
    opened = desk.open_article(article_id)
    end = opened.rendered.text.index("pages.") + len("pages.")
    desk.add_highlight(article_id, opened.rendered, 0, end)
    feed = desk.feeds()[0]
    desk.store.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid="r",
                title="Report",
                link="https://archive.example/r",
                author="",
                published=datetime(2026, 11, 1, tzinfo=UTC),
                updated=None,
                summary="",
                body="<p>An earlier line. <a href='https://x.example/'>Hi</a></p>" + BODY,
            )
        ],
    )
    reopened = desk.open_article(article_id)
    (placed,) = reopened.highlights
    assert not placed.orphaned
    assert reopened.rendered.plain(placed.start, placed.end) == SENTENCE
    assert reopened.rendered.text[placed.start : placed.end].endswith("pages.")
