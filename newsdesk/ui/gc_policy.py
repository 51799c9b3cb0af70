"""Provides IdleCollector: the open desk's full garbage collections run while the keyboard
is quiet, never in the middle of typing.

CPython collects its oldest generation on its own whenever enough objects have survived
younger collections. On an open desk that generation holds the rendered article and
Textual's caches (the index itself is frozen, see newsdesk.ui.head_start), and a long
article read while `F` extracted made those collections 60-400 ms each, every few seconds
of keys: a key pressed then waited for one. Young collections stay automatic (a few ms);
the full one is left to a timer that runs it after a second without input, at most every
`EVERY_SECONDS`, so cyclic garbage is still reclaimed during a long session.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0  # no key for this long: a pause of the collection's length goes unseen
EVERY_SECONDS = 15.0  # and no more often than this
NO_AUTOMATIC_FULL = 1_000_000  # gc's third threshold: full collections never come on their own


class IdleCollector:
    """Takes the full collections away from the allocator while installed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self.last_input = clock()
        self.last_full = clock()

    def install(self) -> None:
        if self._saved is None:
            young, middle, old = gc.get_threshold()
            self._saved = (young, middle, old)
            gc.set_threshold(young, middle, NO_AUTOMATIC_FULL)

    def uninstall(self) -> None:
        """Back to the thresholds found (tests run many apps in one process)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self.last_input = self._clock()

    def tick(self) -> bool:
        """Run a full collection if the keyboard has been quiet long enough; True if it ran."""
        now = self._clock()
        if (
            self._saved is None
            or not gc.isenabled()
            or now - self.last_input < IDLE_SECONDS
            or now - self.last_full < EVERY_SECONDS
        ):
            return False
        gc.collect()
        self.last_full = self._clock()
        return True
