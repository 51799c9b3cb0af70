"""Provides catch_hangups: a closed terminal (SIGHUP) or a plain `kill` (SIGTERM) saves the
desk at once and quits as `q` does, so the last half second of changes and the first-frame
head are not lost.

The desk is saved before the quit starts because the quit may never finish: on a terminal
that is gone, Textual's output thread can die with its queue full, and the driver's close
then waits on that queue forever, with the desk's lock held and cron's commands handed over
to a desk that never answers. So once the desk is safe, a watchdog ends the process if the
quit has not done so within EXIT_GRACE seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable

HANGUPS = (signal.SIGHUP, signal.SIGTERM)
EXIT_GRACE = 3.0  # seconds the ordinary quit gets once the desk is saved
_watchdogs: list[threading.Event] = []


def catch_hangups(save: Callable[[], object], quit_app: Callable[[], object]) -> None:
    """Route the hang-up signals to `save` then `quit_app` on the running loop (the main
    thread's only: elsewhere, as under some test runners, the signals keep their default)."""
    loop = asyncio.get_running_loop()
    for number in HANGUPS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, hang_up, save, quit_app, 128 + number)


def hang_up(save: Callable[[], object], quit_app: Callable[[], object], status: int) -> None:
    with contextlib.suppress(Exception):  # a failed save is retried by the quit's own save
        save()
    exit_later(EXIT_GRACE, status)
    quit_app()


def exit_later(seconds: float, status: int) -> threading.Thread:
    """End the process after `seconds` unless `cancel_exit` is called first (the app's run
    returned: what is left is closing the desk, which needs no terminal)."""
    cancelled = threading.Event()
    _watchdogs.append(cancelled)

    def watchdog() -> None:
        if not cancelled.wait(seconds):
            os._exit(status)

    thread = threading.Thread(target=watchdog, name="newsdesk-hangup", daemon=True)
    thread.start()
    return thread


def cancel_exit() -> None:
    while _watchdogs:
        _watchdogs.pop().set()


def release_hangups() -> None:
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        for number in HANGUPS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)
