"""Provides DeskLaunch: the desk painted from its head file while the whole index loads.

The first frame needs the feeds, their unread counts and the newest rows, not 250,000
articles. `launch_from_head` takes the desk's lock, reads the head (a few kilobytes) and
gives a read-only Desk over it; `start_loading` opens the whole desk in a thread with that
same lock, so no other writer can change the file between the two. Nothing is written
through the head desk: the screen holds keys back until the whole desk is in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from newsdesk.config import Config
from newsdesk.core.errors import DeskError, NewsdeskError
from newsdesk.desk.desk import Desk

if TYPE_CHECKING:
    from newsdesk.store.lock import DeskLock


class HeadCounts(NamedTuple):
    """The whole index's counts, as the feed list shows them, from the head. A named tuple:
    a frozen dataclass costs ~0.4 ms to define on Python 3.11, on the first frame's way."""

    total: int
    unread_by_feed: dict[str, int]
    tag_counts: dict[str, int]
    tag_unread: dict[str, int]
    starred: int
    starred_unread: int


class DeskLaunch:
    """A desk shown from its head; `start_loading` brings in the whole desk."""

    def __init__(
        self, path: Path, config: Config | None, head_desk: Desk, counts: HeadCounts, lock: DeskLock
    ) -> None:
        self.path = path
        self.config = config
        self.head_desk = head_desk
        self.counts = counts
        self._lock = lock
        self._thread: threading.Thread | None = None
        self._desk: Desk | None = None
        self._error: BaseException | None = None

    def open_full(self) -> Desk:
        """The whole desk, opened with the lock held since the head was read (runs in the
        loading thread; tests may wrap it to hold the load back)."""
        from newsdesk.store.head import open_locked

        desk = Desk(open_locked(self.path, self._lock), self.config)
        desk.prepare_background_flushes()
        return desk

    def start_loading(self, done: Callable[[], None]) -> None:
        """Open the whole desk in a thread, then call `done` (from that thread)."""

        def load() -> None:
            try:
                self._desk = self.open_full()
            except BaseException as error:  # handed to the screen by `result`
                self._error = error
                self._lock.release()
            finally:
                done()

        self._thread = threading.Thread(target=load, name="newsdesk-load", daemon=True)
        self._thread.start()

    @property
    def loaded(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def result(self) -> Desk:
        """The whole desk once loaded; raises what the load raised."""
        if self._error is not None:
            raise self._error
        if self._desk is None:
            raise RuntimeError("the desk has not finished loading")
        return self._desk

    def finish(self) -> Desk | None:
        """At exit: wait for a load under way; the whole desk if it loaded (the caller
        closes it), else the lock is let go here."""
        if self._thread is None:
            self._lock.release()
            return None
        self._thread.join()
        return self._desk


def launch_from_head(path: Path, config: Config | None = None) -> DeskLaunch | None:
    """The desk ready to paint from its head, or None when there is no usable head (missing,
    damaged, made from another version of the desk) or the desk is busy: the caller then
    opens it the usual way."""
    from newsdesk.store.head import head_store, read_head
    from newsdesk.store.lock import DeskLock

    path = Path(path).expanduser().absolute()
    if not path.exists():
        return None
    lock = DeskLock(path)
    try:
        lock.acquire()
    except (DeskError, OSError):
        return None  # the usual path waits for a command holding it, or says who has it
    try:
        head = read_head(path)
        if head is not None:
            c = head["counts"]
            counts = HeadCounts(
                total=head["total"],
                unread_by_feed=dict(c.get("unread_by_feed", {})),
                tag_counts=dict(c.get("tag_counts", {})),
                tag_unread=dict(c.get("tag_unread", {})),
                starred=int(c.get("starred", 0)),
                starred_unread=int(c.get("starred_unread", 0)),
            )
            return DeskLaunch(path, config, Desk(head_store(path, head), config), counts, lock)
    except (NewsdeskError, AttributeError, KeyError, TypeError, ValueError):
        pass  # a damaged head is no head
    lock.release()
    return None
