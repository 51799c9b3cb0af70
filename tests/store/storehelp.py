"""Shared helpers for the store tests: article inputs, temp-file globs and forked children.

Imported by module name (`from storehelp import ...`): pytest puts this directory on sys.path.
"""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import newsdesk.store.tinydb_store  # noqa: F401  loaded before any fork, never inside a child
from newsdesk.core.ports import ArticleInput

BASE_TIME = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_items(
    n: int, prefix: str = "g", body_size: int = 200, start: int = 0
) -> list[ArticleInput]:
    return [
        ArticleInput(
            guid=f"{prefix}{i}",
            title=f"Title {prefix}{i}",
            link=f"https://example.org/{prefix}/{i}",
            author=f"Author {i % 7}",
            published=BASE_TIME + timedelta(minutes=i),
            updated=None,
            summary=f"Summary of {prefix}{i}",
            body=f"<p>{prefix}{i} " + "x" * body_size + "</p>",
        )
        for i in range(start, start + n)
    ]


def temp_files(directory: Path) -> list[Path]:
    """Every atomic-write temp file (`.<name>.<pid>.<hex>.tmp`) in `directory` and below."""
    return sorted(p for p in directory.rglob(".*.tmp") if p.is_file())


class ChildFailed(AssertionError):
    pass


def run_forked(fn: Callable[[], str | None], timeout: float = 60.0) -> str | None:
    """Run `fn` in a forked child; re-raise its failure here, return what it returned.

    The child reports through a pipe: "ok:<text>", "skip:<reason>" or "fail:<traceback>",
    and always leaves with os._exit so pytest's own teardown never runs twice.
    """
    import select

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        code = 0
        try:
            result = fn()
            message = "ok:" + (result or "")
        except pytest.skip.Exception as skip:
            message = "skip:" + str(skip.msg)
        except BaseException:
            message = "fail:" + traceback.format_exc()
            code = 1
        try:
            data = message.encode()
            while data:
                data = data[os.write(write_fd, data) :]
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([read_fd], [], [], timeout)
            if not ready:
                os.kill(pid, 9)
                raise ChildFailed(f"forked child did not finish within {timeout} s")
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    message = b"".join(chunks).decode(errors="replace")
    if message.startswith("skip:"):
        pytest.skip(message[5:])
    if not message.startswith("ok:") or os.waitstatus_to_exitcode(status) != 0:
        raise ChildFailed(f"forked child failed (status {status}):\n{message}")
    return message[3:]


class WriteGate:
    """Holds the background writer's atomic writes until `release` (see `hold_writes`), and
    fails the writes of the file names in `fail`."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.fail: set[str] = set()

    def release(self) -> None:
        self.open.set()


def hold_writes(monkeypatch: pytest.MonkeyPatch, *, fail_in_any_thread: bool) -> WriteGate:
    """Patch atomic_write where the writer thread and a flush call it: writes from other
    threads than the main one wait for the gate; a name in `gate.fail` fails in the writer
    thread, or in any thread (a flush's own retry too) with `fail_in_any_thread`."""
    import newsdesk.store.atomic as atomic
    import newsdesk.store.engine as engine

    gate = WriteGate()
    real = atomic.atomic_write

    def held(target: Path, data: bytes, backup: Path | None = None, **options: bool) -> None:
        in_writer = threading.current_thread() is not threading.main_thread()
        if in_writer:
            assert gate.open.wait(30), "test never released the writer"
        if target.name in gate.fail and (in_writer or fail_in_any_thread):
            raise OSError(28, "No space left on device")
        real(target, data, backup, **options)

    monkeypatch.setattr(atomic, "atomic_write", held)  # the writer thread's
    monkeypatch.setattr(engine, "atomic_write", held)  # a flush's own
    return gate
