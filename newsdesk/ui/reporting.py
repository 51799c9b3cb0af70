"""Provides reporting: a dialog's answer acted on as a key is, a NewsdeskError it raises
shown to the user (NewsdeskApp.run_action does the same for keys) instead of crashing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from newsdesk.core.errors import NewsdeskError


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
