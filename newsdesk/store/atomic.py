"""Provides crash-safe file replacement and a background writer for the desk files.

A reader of the desk only ever sees a whole old file or a whole new one: bytes go to a temp
file in the same directory, are fsynced, then renamed over the target.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"

Pieces = Sequence[bytes | memoryview]  # a file's bytes in pieces, written one after another
Stream = Iterable[bytes | memoryview]  # the same, possibly made as they are written


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def remove_stale_temps(target: Path) -> int:
    """Delete temp files a crashed writer left beside `target`; only call while holding the lock."""
    removed = 0
    for leftover in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    target: Path, data: bytes | Stream, backup: Path | None = None, *, sync_dir: bool = True
) -> None:
    """Replace `target` with `data`; on any error the old file is untouched and the temp removed.
    `sync_dir=False` leaves the rename's own fsync to the caller (one for many files)."""
    tmp = temp_name(target)
    try:
        with open(tmp, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and target.exists():
            _link_backup(target, backup)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_dir:
        _fsync_dir(target.parent)


def _link_backup(target: Path, backup: Path) -> None:
    """Keep the current good file as `backup` (a hard link: no copy, no window without a file)."""
    link = temp_name(backup)
    try:
        os.link(target, link)
        os.replace(link, backup)
    except OSError:
        with contextlib.suppress(OSError):
            link.unlink()


class HeldBack(Exception):
    """A `last` write not made because an earlier write of its batch failed."""


class BackgroundWriter:
    """One thread that writes the newest bytes for each path; older pending bytes are superseded.

    Writes happen in submission order, except that newer bytes for a pending path take its
    place in the queue (they are a newer state of the same file) and a write submitted with
    `last` always goes after everything submitted before it. A `last` write is held back
    (reported as HeldBack) when a write before it failed: the desk's main file is never
    written over shards that did not reach the disk. Directories are fsynced once for a run
    of writes (before a `last` write, and whenever the queue runs empty), not once a file."""

    def __init__(self, on_error: Callable[[Path, Exception], None]) -> None:
        self._pending: dict[Path, tuple[bytes | Stream, Path | None, bool]] = {}
        self._earlier_failed = False
        self._cond = threading.Condition()
        self._busy = False
        self._current: Path | None = None  # the file being written now
        self._unsynced: set[Path] = set()  # directories with renames not yet fsynced
        self._closed = False
        self._on_error = on_error
        self._thread = threading.Thread(target=self._run, name="newsdesk-writer", daemon=True)
        self._thread.start()

    def submit(
        self, target: Path, data: bytes | Stream, backup: Path | None = None, *, last: bool = False
    ) -> None:
        with self._cond:
            if last:
                self._pending.pop(target, None)  # to the end of the queue
            self._pending[target] = (data, backup, last)
            self._cond.notify_all()

    def settled(self, target: Path) -> bool:
        """Whether nothing submitted for `target` is still to be written (done or failed:
        a failure has been reported by then)."""
        with self._cond:
            return target not in self._pending and self._current != target

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is on disk (or failed)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self) -> None:
        self.drain()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _sync_dirs(self) -> None:
        while self._unsynced:
            _fsync_dir(self._unsynced.pop())

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed and not self._pending:
                    return
                target, (data, backup, last) = next(iter(self._pending.items()))
                del self._pending[target]
                self._busy = True
                self._current = target
            try:
                if last and self._earlier_failed:
                    raise HeldBack(f"{target} waits for the files before it")
                if last:
                    self._sync_dirs()  # the files before it are durable before it is
                    atomic_write(target, data, backup)
                else:
                    atomic_write(target, data, backup, sync_dir=False)
                    self._unsynced.add(target.parent)
            except Exception as error:  # reported, never raised in a daemon thread
                if not last:
                    self._earlier_failed = True
                self._on_error(target, error)
            finally:
                if last:
                    self._earlier_failed = False
                with self._cond:
                    idle = not self._pending
                if idle:
                    self._sync_dirs()  # before drain() returns: "on disk" includes the names
                with self._cond:
                    self._busy = False
                    self._current = None
                    self._cond.notify_all()
