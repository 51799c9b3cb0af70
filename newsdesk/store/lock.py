"""Provides the lifetime lock that stops two newsdesks from losing each other's writes."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from newsdesk.core.errors import DeskError, DeskLockedError


class DeskLock:
    def __init__(self, desk_path: Path) -> None:
        self.path = desk_path.with_name(desk_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:  # a read-only directory or disk, no permission
            reason = error.strerror or type(error).__name__
            raise DeskError(
                f"Cannot open the desk {self.path.with_suffix('')} for changes: its lock file "
                f"{self.path.name} cannot be written ({reason}). Nothing was changed; commands "
                "that only read the desk (stats, feeds, articles, show, export-opml, notes "
                "export, claims) still work."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            who = f"PID {pid}" if pid else "an unknown process"
            raise DeskLockedError(
                f"The desk {self.path.with_suffix('')} is already open in another newsdesk "
                f"({who}). Close that one first, or open a different desk with --db PATH.",
                pid,
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing drops the flock
        self._fd = None


def _read_pid(fd: int) -> int | None:
    try:
        raw = os.pread(fd, 32, 0).decode().strip()
        return int(raw) if raw else None
    except (OSError, ValueError):
        return None
