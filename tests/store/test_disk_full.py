"""Failed writes (file size limit, read-only directory) raise DeskWriteError, leave the desk
byte-identical and no temp file behind, and keep the changes for a later successful flush.

RLIMIT_FSIZE stands in for a full disk: a write past the limit fails with EFBIG (SIGXFSZ is
ignored). It is set only in forked children so pytest's own files are never affected.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import tempfile
import threading
from pathlib import Path

import pytest
from storehelp import make_items, run_forked, temp_files

from newsdesk.core.errors import DeskWriteError
from newsdesk.core.models import Highlight
from newsdesk.store import open_store

LIMIT = 64 * 1024
FEED_URL = "https://example.org/feed.xml"


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))


def _lift_file_size_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))


def _small_desk(path: Path):  # type: ignore[no-untyped-def]
    store = open_store(path)
    feed = store.add_feed(FEED_URL, "Example")
    store.upsert_articles(feed.id, make_items(5))
    store.set_setting("theme", "dark")
    store.flush()
    store.set_setting("theme", "light")
    store.flush()  # now there is a desk.json.bak too
    return store, feed


def test_flush_past_file_size_limit_raises_and_keeps_desk(desk_path: Path) -> None:
    def child() -> str:
        store, feed = _small_desk(desk_path)
        before = _snapshot(desk_path.parent)
        assert "desk.json.bak" in before
        store.upsert_articles(feed.id, make_items(1000, prefix="big", body_size=400))
        store.add_highlight(Highlight(id="", article_id="a", quote="kept in memory"))
        _limit_file_size(LIMIT)

        with pytest.raises(DeskWriteError) as caught:
            store.flush()
        message = str(caught.value)
        # the shard goes first and fails: the main file is not written over a missing body
        assert str(desk_path.with_suffix(".bodies")) in message, message
        assert isinstance(caught.value.__cause__, OSError)
        assert _snapshot(desk_path.parent) == before  # desk, backup and shard untouched
        assert temp_files(desk_path.parent) == []
        assert store.dirty

        # still failing: raises again, still nothing changed
        with pytest.raises(DeskWriteError):
            store.flush()
        assert _snapshot(desk_path.parent) == before
        assert temp_files(desk_path.parent) == []

        # space again: the kept changes are written
        _lift_file_size_limit()
        store.flush()
        assert not store.dirty
        store.close()
        again = open_store(desk_path, readonly=True)
        assert len(again.articles()) == 1005
        assert [h.quote for h in again.highlights()] == ["kept in memory"]
        big = next(a for a in again.articles() if a.guid == "big999")
        assert again.body(big.id).startswith("<p>big999 ")
        return "done"

    assert run_forked(child) == "done"


def test_shard_write_failure_keeps_the_shard_dirty(desk_path: Path) -> None:
    """The main file fits but the body shard does not: the shard is retried later."""

    def child() -> str:
        store, feed = _small_desk(desk_path)
        store.flush()
        store.upsert_articles(feed.id, make_items(3, prefix="n", body_size=200_000))
        _limit_file_size(LIMIT)
        with pytest.raises(DeskWriteError) as caught:
            store.flush()
        assert ".bodies" in str(caught.value)
        assert temp_files(desk_path.parent) == []
        _lift_file_size_limit()
        store.flush()
        store.close()
        again = open_store(desk_path, readonly=True)
        key = next(a.id for a in again.articles() if a.guid == "n2")
        assert len(again.body(key)) > 200_000
        return "done"

    assert run_forked(child) == "done"


def test_close_that_cannot_write_still_releases_the_lock(desk_path: Path) -> None:
    def child() -> str:
        store, feed = _small_desk(desk_path)
        before = desk_path.read_bytes()
        store.upsert_articles(feed.id, make_items(1000, prefix="big", body_size=400))
        _limit_file_size(LIMIT)
        with pytest.raises(DeskWriteError):
            store.close()
        _lift_file_size_limit()
        assert desk_path.read_bytes() == before
        open_store(desk_path).close()  # not left locked
        return "done"

    assert run_forked(child) == "done"


def test_background_flush_failure_reports_and_later_flush_retries(desk_path: Path) -> None:
    def child() -> str:
        store, feed = _small_desk(desk_path)
        before = _snapshot(desk_path.parent)
        errors: list[Exception] = []
        reported = threading.Event()

        def handler(error: Exception) -> None:
            errors.append(error)
            reported.set()

        store.set_write_error_handler(handler)
        store.upsert_articles(feed.id, make_items(1000, prefix="bg", body_size=400))
        _limit_file_size(LIMIT)
        store.flush_in_background()
        assert reported.wait(30), "the write error handler was never called"
        store._engine.writer.drain(30)  # let the writer finish the queue before looking
        # one report: the shard failed, and the main file held back waiting for it is not
        # a second error
        assert len(errors) == 1 and isinstance(errors[0], DeskWriteError), errors
        assert str(desk_path.with_suffix(".bodies")) in str(errors[0])
        assert _snapshot(desk_path.parent) == before
        assert temp_files(desk_path.parent) == []
        assert store.dirty  # the failed target is retried by the next flush

        _lift_file_size_limit()
        store.flush()
        assert not store.dirty
        store.close()
        again = open_store(desk_path, readonly=True)
        assert len(again.articles()) == 1005
        key = next(a.id for a in again.articles() if a.guid == "bg999")
        assert again.body(key).startswith("<p>bg999 ")
        return "done"

    assert run_forked(child) == "done"


def test_background_flush_success_needs_no_handler(desk_path: Path) -> None:
    store, feed = _small_desk(desk_path)
    calls: list[Exception] = []
    store.set_write_error_handler(calls.append)
    store.set_setting("bg", 1)
    store.flush_in_background()
    store.close()
    assert calls == []
    assert open_store(desk_path, readonly=True).setting("bg") == 1


def _read_only_dir_child(directory: Path) -> str:
    if os.geteuid() == 0:
        # root ignores permissions: drop to an unprivileged user in this child only
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    path = directory / "desk.json"
    store, feed = _small_desk(path)
    before = _snapshot(directory)
    os.chmod(directory, 0o500)
    if os.access(directory, os.W_OK):
        pytest.skip("this user can write to a 0o500 directory")
    store.set_setting("theme", "solarized")
    with pytest.raises(DeskWriteError) as caught:
        store.flush()
    assert str(path) in str(caught.value)
    assert _snapshot(directory) == before
    assert temp_files(directory) == []
    os.chmod(directory, 0o700)
    store.close()
    assert open_store(path, readonly=True).setting("theme") == "solarized"
    return "done"


def test_read_only_directory_raises_desk_write_error() -> None:
    # not tmp_path: its parents are private to root, the dropped user could not reach it
    directory = Path(tempfile.mkdtemp(prefix="newsdesk-rodir-"))
    try:
        if os.geteuid() == 0:
            os.chown(directory, 65534, 65534)
        assert run_forked(lambda: _read_only_dir_child(directory)) == "done"
    finally:
        os.chmod(directory, 0o700)
        shutil.rmtree(directory, ignore_errors=True)
