"""Provides parse worker processes that die with the process that started them.

A refresh killed with SIGKILL runs no cleanup: its spawned workers would wait on their task
queue forever (holding the resource tracker alive with them), and every one of them, tracker
included, would keep the caller's stdout open, so `$(newsdesk refresh)` never returned.
Workers therefore ask the kernel to kill them when their parent dies (Linux), watch their
parent id as well (everywhere), and hold no terminal: their stdin, stdout and stderr are
/dev/null, as are the resource tracker's. This module imports nothing heavy: every worker
runs it first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 0.5  # how often a worker checks that its parent is still there


def start_workers_quietly() -> None:
    """Start multiprocessing's resource tracker (once per process) without our stdio.

    The pool starts it for its semaphores and it inherits fds 0-2; started here first, it
    holds /dev/null instead of the caller's pipe."""
    from multiprocessing import resource_tracker

    # the tracker passes sys.stderr's fd on; a front end that captures stderr (Textual
    # does, with fileno() -1) would make the start fail, so it sees the real one
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        with _stdio_on_devnull():
            resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def init_worker(parent_pid: int) -> None:
    """ProcessPoolExecutor initializer: tie this worker's life to `parent_pid`'s."""
    die_with_parent(parent_pid)
    _drop_stdio()
    watcher = threading.Thread(
        target=_watch_parent, args=(parent_pid,), name="newsdesk-parent-watch", daemon=True
    )
    watcher.start()


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when `parent_pid` dies (Linux); leave at once if
    it is gone already."""
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(0)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(parent_pid: int) -> None:
    """Reparented means orphaned: leave at once (SIGKILL-like, nothing to flush)."""
    event = threading.Event()
    while not event.wait(WATCH_SECONDS):
        if os.getppid() != parent_pid:
            os._exit(0)


def _drop_stdio() -> None:
    """A worker reports through its result queue; it needs no terminal and must not hold
    the caller's pipes open."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)


@contextlib.contextmanager
def _stdio_on_devnull() -> Iterator[None]:
    """fds 0-2 point at /dev/null for the duration (children started meanwhile inherit
    that), then back at what they were."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved: list[int | None] = []
    for fd in (0, 1, 2):
        try:
            saved.append(os.dup(fd))
        except OSError:  # started with that fd closed
            saved.append(None)
    try:
        _drop_stdio()
        yield
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=True):
            if copy is None:
                with contextlib.suppress(OSError):
                    os.close(fd)
            else:
                os.dup2(copy, fd)
                os.close(copy)
