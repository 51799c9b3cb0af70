"""Errors raised by a worker or an action reach the user through the app's one handler."""

from __future__ import annotations

import pytest
from desk_helpers import notifications
from uikit import SIZE, make_app

from newsdesk.core.errors import NotFoundError
from newsdesk.desk import Desk


async def test_a_failing_refresh_worker_is_reported_not_silent(
    sample_store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    async def broken(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the parser fell over")

    monkeypatch.setattr(Desk, "refresh", broken)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "RuntimeError: the parser fell over" in notifications(app)
        assert app.is_running


async def test_an_action_raising_a_desk_error_shows_its_title_and_message(
    sample_store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def gone(self, article_id, starred):  # type: ignore[no-untyped-def]
        raise NotFoundError("No article with id x.")

    monkeypatch.setattr(Desk, "set_starred", gone)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "Not found: No article with id x." in notifications(app)
        assert app.is_running


async def test_a_feed_removed_elsewhere_while_its_remove_dialog_is_open_is_a_message(
    sample_store,
) -> None:  # type: ignore[no-untyped-def]
    """cron's `newsdesk remove` (run by the open desk) took the feed away while the user's
    "Remove …?" dialog was open: answering `y` crashed the desk with a traceback."""
    from desk_helpers import select_feed_entry

    from newsdesk.ui.screens.modals import ConfirmModal

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_feed_entry(pilot, "Slow News Weekly")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        feed = next(f for f in sample_store.feeds() if f.display_title == "Slow News Weekly")
        sample_store.remove_feed(feed.id)  # as the hand-over would, on the desk's own store
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running
        assert any("No feed with id" in n for n in notifications(app)), notifications(app)
