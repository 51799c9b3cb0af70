"""Provides catch_hangups: a closed terminal (SIGHUP) or a plain `kill` (SIGTERM) quits the
desk as `q` does, so the desk and its first-frame head are saved instead of the last half
second of changes being lost."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

HANGUPS = (signal.SIGHUP, signal.SIGTERM)


def catch_hangups(quit_app: Callable[[], object]) -> None:
    """Route the hang-up signals to `quit_app` on the running loop (the main thread's only:
    elsewhere, as under some test runners, the signals keep their default)."""
    loop = asyncio.get_running_loop()
    for number in HANGUPS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, quit_app)


def release_hangups() -> None:
    with contextlib.suppress(RuntimeError):
        loop = asyncio.get_running_loop()
        for number in HANGUPS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)
