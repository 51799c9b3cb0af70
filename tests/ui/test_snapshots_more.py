"""Snapshots of the remaining screens: a failed feed, the add-feed modal, an annotated article."""

from __future__ import annotations

from uikit import SIZE, make_app

from newsdesk.core.anchor import make_anchor
from newsdesk.core.models import Highlight, Note
from newsdesk.ui.screens.desk import DeskScreen

LONG_READ = "Every drop accounted for"


def test_feed_error_snapshot(sample_store, snap_compare):
    feed = sample_store.add_feed(
        "https://council.example/notices.rss", title="Wrenmouth Council notices"
    )
    sample_store.update_feed(feed.id, last_status="failed", failures=3, error="HTTP 404 Not Found")

    async def select_failed(pilot):  # type: ignore[no-untyped-def]
        await pilot.press("shift+tab")
        feeds = pilot.app.screen.query_one("#feed-list")
        feeds.move_to(next(i for i, e in enumerate(feeds.entries) if e.failed))
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=SIZE, run_before=select_failed)


def test_add_feed_modal_snapshot(sample_store, snap_compare):
    assert snap_compare(
        make_app(sample_store), press=["a", *"feeds.example/rss"], terminal_size=SIZE
    )


def test_reader_with_highlights_and_sidebar_snapshot(sample_store, snap_compare):
    article = next(a for a in sample_store.articles() if a.title.startswith(LONG_READ))

    async def annotate(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()  # let the desk finish composing before driving it directly
        screen = pilot.app.screen
        assert isinstance(screen, DeskScreen)
        screen.open_article(article.id)
        await pilot.pause()
        text = screen.open_rendered.text
        for (start, end), kind in zip(
            [(p.start, p.end) for p in screen.query_one("#reader").passages[1:4:2]],
            ("quote", "claim"),
            strict=True,
        ):
            quote, prefix, suffix = make_anchor(text, start, end)
            added = sample_store.add_highlight(
                Highlight(
                    id="",
                    article_id=article.id,
                    quote=quote,
                    prefix=prefix,
                    suffix=suffix,
                    start=start,
                    end=end,
                    kind=kind,
                )
            )
        sample_store.add_note(
            Note(
                id="",
                article_id=article.id,
                highlight_id=added.id,
                text="Check this figure against the annual report.",
            )
        )
        screen.open_article(article.id)
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=SIZE, run_before=annotate)
