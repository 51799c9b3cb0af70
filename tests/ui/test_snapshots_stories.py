"""Snapshots of the story views: the Stories entry's list and the compare view."""

from __future__ import annotations

from uikit import SIZE, make_app


def test_stories_list_snapshot(sample_store, snap_compare):
    async def show_stories(pilot):  # type: ignore[no-untyped-def]
        await pilot.press("shift+tab")
        feeds = pilot.app.screen.query_one("#feed-list")
        feeds.move_to(next(i for i, e in enumerate(feeds.entries) if e.kind == "stories"))
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=SIZE, run_before=show_stories)


def test_compare_view_snapshot(sample_store, snap_compare):
    async def compare_storm(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        rows = pilot.app.screen.query_one("#article-list")
        rows.move_to(next(i for i, a in enumerate(rows.articles) if "Storm" in a.title))
        await pilot.press("V")
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=SIZE, run_before=compare_storm)


def test_compare_view_narrow_snapshot(sample_store, snap_compare):
    async def compare_storm(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        rows = pilot.app.screen.query_one("#article-list")
        rows.move_to(next(i for i, a in enumerate(rows.articles) if "Storm" in a.title))
        await pilot.press("V")
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=(100, 30), run_before=compare_storm)
