"""Provides reporting: a dialog's answer acted on as a key is, a NewsdeskError it raises
shown to the user (NewsdeskApp.run_action does the same for keys) instead of crashing; and
undo_last, ctrl+z on any screen, which says what it put back or that there is nothing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsdesk.core.errors import NewsdeskError

if TYPE_CHECKING:
    from textual.screen import Screen

    from newsdesk.desk import Desk
    from newsdesk.desk.records import Undone


def reporting(
    callback: Callable[[Any], Any], report: Callable[[BaseException], None]
) -> Callable[[Any], Any]:
    """`callback`, with a NewsdeskError it raises (or its coroutine does) reported."""
    if inspect.iscoroutinefunction(callback):

        async def run_async(result: Any) -> Any:
            try:
                return await callback(result)
            except NewsdeskError as error:
                report(error)
                return None

        return run_async

    def run(result: Any) -> Any:
        try:
            return callback(result)
        except NewsdeskError as error:
            report(error)
            return None

    return run


def undo_last(screen: Screen[Any], desk: Desk, after: Callable[[Undone], None]) -> None:
    """ctrl+z: the desk's last change put back, `after` shows it on `screen`, then what was
    undone is said; with nothing to undo, that is said instead."""
    from newsdesk.desk.base import NothingToUndoError

    try:
        undone = desk.undo()
    except NothingToUndoError as error:
        screen.notify(error.message, timeout=2)
        return
    after(undone)
    screen.notify(undone.message, timeout=3, markup=False)
