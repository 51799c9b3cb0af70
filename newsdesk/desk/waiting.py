"""Provides open_when_free: launching the desk waits for a command (a cron refresh) holding it.

A command run from cron holds the desk for as long as its refresh takes; refusing the desk
then would make the user retry by hand. Another open desk is different: it would never let
go, so that is reported at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newsdesk.config import Config
from newsdesk.core.errors import DeskLockedError
from newsdesk.desk import control
from newsdesk.desk.desk import Desk, open_desk

LAUNCH_WAIT = 60.0  # seconds a launch waits for a command to finish with the desk
POLL = 0.25
T = TypeVar("T")


def open_when_free(
    path: Path,
    *,
    config: Config | None = None,
    wait: float = LAUNCH_WAIT,
    on_wait: Callable[[int | None], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Desk:
    """Open the desk, waiting up to `wait` seconds while a command holds its lock.

    `on_wait(pid)` is called once, when the wait starts. Raises DeskLockedError at once when
    a running desk holds it (its control socket answers), or when the wait runs out."""
    return when_free(
        lambda: open_desk(path, config=config), path, wait=wait, on_wait=on_wait, sleep=sleep
    )


def when_free(
    attempt: Callable[[], T],
    path: Path,
    *,
    wait: float,
    on_wait: Callable[[int | None], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    desk_may_hold: bool = False,
) -> T:
    """`attempt()` (which opens the desk at `path`), tried again every POLL seconds while
    the desk is locked, for up to `wait` seconds; see open_when_free. `desk_may_hold`: a
    desk answering on the socket is waited for too (one that is quitting)."""
    waited = 0.0
    while True:
        try:
            return attempt()
        except DeskLockedError as error:
            if not desk_may_hold and control.answers(Path(path).expanduser().absolute()):
                raise
            if waited >= wait:
                who = f"PID {error.pid}" if error.pid else "another process"
                raise DeskLockedError(
                    f"The desk {path} is still in use by {who} after waiting {wait:g} s. "
                    "Try again when it has finished, or open a different desk with --db PATH.",
                    error.pid,
                ) from None
            if waited == 0.0 and on_wait is not None:
                on_wait(error.pid)
        sleep(POLL)
        waited += POLL
