"""The head file: written after the main file, a faithful summary of it, ignored when stale."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest

import newsdesk.store.engine as engine_module
from newsdesk.core.errors import DeskLockedError
from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.desk import open_desk
from newsdesk.desk.launch import launch_from_head
from newsdesk.store import head, open_store
from newsdesk.store.atomic import atomic_write


def _sample_desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.json"
    store = open_store(path)
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    articles = sorted(store.articles(), key=lambda a: a.id)
    store.set_read([articles[0].id, articles[2].id])
    store.set_starred(articles[0].id, True)
    store.set_starred(articles[1].id, True)
    store.set_tags(articles[1].id, ("council", "local"))
    store.set_tags(articles[2].id, ("local",))
    store.close()
    return path


def test_head_written_on_flush_matches_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(head, "HEAD_ROWS", 3)
    path = _sample_desk(tmp_path)
    found = head.read_head(path)
    assert found is not None
    store = open_store(path, readonly=True)
    articles = store.articles()
    unread = [a for a in articles if not a.read]
    counts = found["counts"]
    assert found["total"] == len(articles)
    assert counts["unread_by_feed"] == dict(Counter(a.feed_id for a in unread))
    assert counts["tag_counts"] == {"council": 1, "local": 2}
    assert counts["tag_unread"] == {"council": 1, "local": 1}
    assert (counts["starred"], counts["starred_unread"]) == (2, 1)
    newest = sorted(articles, key=lambda a: a.published, reverse=True)[:3]
    newest_unread = sorted(unread, key=lambda a: a.published, reverse=True)[:3]
    kept = {d["id"] for d in found["tables"]["articles"].values()}
    assert kept == {a.id for a in newest + newest_unread}
    assert len(kept) < len(articles)
    assert {d["id"] for d in found["tables"]["feeds"].values()} == {f.id for f in store.feeds()}


def test_head_of_an_older_main_file_is_ignored(tmp_path: Path) -> None:
    path = _sample_desk(tmp_path)
    assert head.read_head(path) is not None
    # another writer (an older newsdesk, a restored backup) replaces the main file
    atomic_write(path, path.read_bytes())
    assert head.read_head(path) is None
    launch = launch_from_head(path)
    assert launch is None
    open_desk(path).close()  # the lock was let go; this close writes a fresh head
    assert head.read_head(path) is not None


def test_background_flush_writes_the_head_once_the_desk_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed terminal or a crash skips the close: the next launch still paints from the
    head, because an open desk quiet for a while gives the file on disk its head."""
    path = _sample_desk(tmp_path)
    desk = open_desk(path)
    desk.set_read([next(a.id for a in desk.articles() if not a.read)])
    desk.flush_in_background()
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    assert head.read_head(path) is None  # the main file moved on: the head says so
    desk.flush_in_background()  # nothing to write, but a write was just made: no head yet
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    assert head.read_head(path) is None
    monkeypatch.setattr(engine_module, "HEAD_QUIET", 0.0)  # as if the desk had been quiet
    desk.flush_in_background()  # nothing to write now, and the writer idle: the head
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    found = head.read_head(path)
    assert found is not None
    assert found["counts"]["unread_by_feed"] == dict(
        Counter(a.feed_id for a in open_store(path, readonly=True).articles() if not a.read)
    )
    written = head.head_path(path).stat().st_mtime_ns
    desk.flush_in_background()  # made once for each main file
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    assert head.head_path(path).stat().st_mtime_ns == written
    desk.store._engine.release()  # as if killed: no close, no synchronous flush
    launch = launch_from_head(path)
    assert launch is not None
    launch.finish()


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"version": 1}'])
def test_damaged_head_is_ignored_and_loses_nothing(tmp_path: Path, damage: bytes) -> None:
    path = _sample_desk(tmp_path)
    before = path.read_bytes()
    head.head_path(path).write_bytes(damage)
    assert head.read_head(path) is None
    assert launch_from_head(path) is None
    desk = open_desk(path)
    assert len(desk.articles()) == len(orjson.loads(before)["articles"])
    desk.close()


def test_launch_holds_the_lock_until_the_whole_desk_is_closed(tmp_path: Path) -> None:
    path = _sample_desk(tmp_path)
    launch = launch_from_head(path)
    assert launch is not None
    with pytest.raises(DeskLockedError):
        open_desk(path)
    launch.start_loading(lambda: None)
    full = launch.finish()
    assert full is not None
    assert len(full.articles()) == launch.counts.total
    with pytest.raises(DeskLockedError):
        open_desk(path)
    full.close()
    open_desk(path).close()


def test_launch_without_loading_lets_the_lock_go(tmp_path: Path) -> None:
    path = _sample_desk(tmp_path)
    launch = launch_from_head(path)
    assert launch is not None
    assert launch.finish() is None
    open_desk(path).close()


def test_a_head_the_writer_cannot_write_is_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a synchronous flush: the head is a cache; "your changes are kept and retried"
    would be untrue of it, and the desk file itself was written."""
    path = _sample_desk(tmp_path)
    head.head_path(path).unlink()
    head.head_path(path).mkdir()  # no file can replace it
    desk = open_desk(path)
    errors: list[Exception] = []
    desk.set_write_error_handler(errors.append)
    monkeypatch.setattr(engine_module, "HEAD_QUIET", 0.0)
    desk.set_read([next(a.id for a in desk.articles() if not a.read)])
    desk.flush_in_background()  # the desk file
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    desk.flush_in_background()  # then its head, which fails
    desk.store._engine.writer.drain()  # type: ignore[attr-defined]
    assert head.head_path(path).is_dir()
    assert errors == []
    assert not desk.store.dirty  # type: ignore[attr-defined]
    desk.close()
