"""Provides give_back_memory: the C heap's free pages back to the system after a burst.

Reading ledes for a first grouping parses every feed's body shard, a few megabytes of JSON
that live for a moment; glibc keeps the pages freed after them (and raises its trim threshold
after large frees), so the process would go on holding ~5 MB it no longer uses. malloc_trim(0)
hands them back. Where the C library has no malloc_trim (macOS, musl, Windows) this does
nothing.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # on first use: not on the way to the first frame

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def give_back_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def give_back_memory_soon() -> None:
    """give_back_memory in a thread of its own: after a 250,000-article load the first trim
    walks the heap for ~90 ms, which the event loop must not wait for (ctypes lets go of
    the GIL for the call, so the keys go on)."""
    threading.Thread(target=give_back_memory, name="newsdesk-trim", daemon=True).start()
