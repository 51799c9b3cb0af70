"""Launch from the head: the newest rows at once, the whole list after, no key lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.desk import Desk
from newsdesk.desk.launch import DeskLaunch, launch_from_head
from newsdesk.store import head, open_store
from newsdesk.ui.app import NewsdeskApp
from tests.ui.desk_helpers import article_list, feed_list

HEAD_ROWS = 3


@pytest.fixture
def gated_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[DeskLaunch, threading.Event]:
    """A launch from a head of 3 newest (and 3 newest unread) rows whose whole-desk load
    waits until the test sets the event."""
    monkeypatch.setattr(head, "HEAD_ROWS", HEAD_ROWS)
    path = tmp_path / "desk.json"
    store = open_store(path)
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    store.close()
    launch = launch_from_head(path)
    assert launch is not None
    gate = threading.Event()
    open_full: Callable[[], Desk] = launch.open_full

    def held_back() -> Desk:
        gate.wait(30)
        return open_full()

    launch.open_full = held_back  # type: ignore[method-assign]
    return launch, gate


async def _until_loaded(app: NewsdeskApp, pilot: Pilot[None]) -> None:
    for _ in range(400):
        if not app.key_hold.active:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert not app.key_hold.active, "the whole desk never came in"


async def _run(launch: DeskLaunch, gate: threading.Event, during: list[str]) -> dict[str, object]:
    app = NewsdeskApp(launch.head_desk, launch=launch)
    seen: dict[str, object] = {}
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            rows = article_list(app).articles
            seen["head_rows"] = [a.id for a in rows]
            seen["head_title"] = article_list(app).border_title
            seen["head_all_count"] = feed_list(app).entries[0].unread
            for key in during:
                await pilot.press(key)
            current = article_list(app).current
            seen["cursor_while_loading"] = current.id if current else None
            gate.set()
            await _until_loaded(app, pilot)
            seen["full_rows"] = [a.id for a in article_list(app).articles]
            current = article_list(app).current
            seen["cursor_after"] = current.id if current else None
            seen["desk"] = app.desk
    finally:
        gate.set()
        full = launch.finish()
        if full is not None:
            seen["read_after"] = {a.id: a.read for a in full.articles()}
            full.close()
    return seen


async def test_launch_shows_the_newest_rows_then_the_whole_list_on_the_same_article(
    gated_launch: tuple[DeskLaunch, threading.Event],
) -> None:
    launch, gate = gated_launch
    seen = await _run(launch, gate, [])
    head_rows, full_rows = seen["head_rows"], seen["full_rows"]
    assert isinstance(head_rows, list) and isinstance(full_rows, list)
    assert HEAD_ROWS <= len(head_rows) < len(full_rows) == launch.counts.total
    assert full_rows[: len(head_rows)] == head_rows  # the newest rows, in the final order
    assert "loading" in str(seen["head_title"])
    # the feed list counts the whole index from the first frame
    assert seen["head_all_count"] == sum(launch.counts.unread_by_feed.values())
    assert seen["cursor_while_loading"] == seen["cursor_after"] == head_rows[0]
    assert seen["desk"] is not launch.head_desk


async def test_keys_pressed_while_loading_are_handled_after_on_the_whole_desk(
    gated_launch: tuple[DeskLaunch, threading.Event],
) -> None:
    launch, gate = gated_launch
    before = {a.id: a.read for a in launch.head_desk.articles()}
    seen = await _run(launch, gate, ["j", "m"])
    head_rows = seen["head_rows"]
    assert isinstance(head_rows, list)
    assert seen["cursor_while_loading"] == head_rows[0]  # held, not acted on the head
    assert seen["cursor_after"] == head_rows[1]  # `j` ran after the load
    read_after = seen["read_after"]
    assert isinstance(read_after, dict)
    assert read_after[head_rows[1]] is (not before[head_rows[1]])  # `m` too, in the whole desk


async def test_a_desk_that_fails_to_load_after_the_head_ends_the_app_with_the_reason(
    gated_launch: tuple[DeskLaunch, threading.Event],
) -> None:
    from newsdesk.core.errors import DeskCorruptError

    launch, gate = gated_launch

    def broken() -> Desk:
        raise DeskCorruptError("the index is damaged")

    launch.open_full = broken  # type: ignore[method-assign]
    app = NewsdeskApp(launch.head_desk, launch=launch)
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(400):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    assert app.return_code == 2
    assert launch.finish() is None
    open_store(launch.path).close()  # the lock was let go


async def test_stories_are_grouped_for_the_whole_desk_not_for_the_head_before_the_first_frame(
    gated_launch: tuple[DeskLaunch, threading.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.ui.screens import desk_stories

    launch, gate = gated_launch
    total = launch.counts.total
    monkeypatch.setattr(desk_stories, "GROUP_AT_ONCE", total - 1)  # the whole desk is "large"
    app = NewsdeskApp(launch.head_desk, launch=launch)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert not launch.head_desk.stories_loaded  # no grouping on the way to the frame
            monkeypatch.setattr(desk_stories, "GROUP_AT_ONCE", total)  # now it is "small"
            gate.set()
            await _until_loaded(app, pilot)
            assert app.desk.stories_loaded  # grouped once the whole desk was in
            rows = article_list(app)
            assert rows.story_outlets == app.desk.story_outlets_of  # badges from the whole desk
    finally:
        gate.set()
        full = launch.finish()
        if full is not None:
            full.close()
