"""The background writer never loses or resurrects data: shards whose write is still pending
stay in memory, a removed feed's pending shard write does not come back, and a crash between
the main file and a body shard does not wedge the next refresh.

A gate patched into the writer's atomic_write holds background writes until the test says so,
which makes the races deterministic.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from storehelp import WriteGate, hold_writes, make_items

import newsdesk.store.atomic as atomic
from newsdesk.core.errors import DeskWriteError
from newsdesk.store import open_store


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteGate]:
    gate = hold_writes(monkeypatch, fail_in_any_thread=False)
    yield gate
    gate.release()


def _desk_with_feeds(path: Path, n_feeds: int):  # type: ignore[no-untyped-def]
    store = open_store(path)
    ids = {}
    for i in range(n_feeds):
        feed = store.add_feed(f"https://f{i}.example/feed", f"F{i}")
        ids[feed.id] = store.upsert_articles(feed.id, make_items(2, prefix=f"f{i}-")).new_ids
    return store, ids


def test_bodies_readable_while_their_background_write_is_pending(
    desk_path: Path, gate: WriteGate
) -> None:
    store, ids = _desk_with_feeds(desk_path, 8)  # more feeds than shards kept in memory
    store.flush_in_background()
    for feed_id, article_ids in ids.items():
        assert store.body(article_ids[0]).startswith("<p>f"), feed_id
    gate.release()
    store.close()
    again = open_store(desk_path, readonly=True)
    for article_ids in ids.values():
        assert again.body(article_ids[1]).startswith("<p>f")


def test_change_to_a_pending_shard_is_not_lost(desk_path: Path, gate: WriteGate) -> None:
    store, ids = _desk_with_feeds(desk_path, 8)
    store.flush_in_background()
    first = next(iter(ids))
    (late,) = store.upsert_articles(first, make_items(1, prefix="late")).new_ids
    gate.release()
    store.close()
    again = open_store(desk_path, readonly=True)
    assert again.body(late).startswith("<p>late0 ")
    assert again.body(ids[first][0]).startswith("<p>f0-0 "), "earlier bodies were overwritten"


def test_failed_background_shard_write_is_retried_not_dropped(
    desk_path: Path, gate: WriteGate
) -> None:
    store, ids = _desk_with_feeds(desk_path, 8)
    errors: list[Exception] = []
    reported = threading.Event()

    def handler(error: Exception) -> None:
        errors.append(error)
        reported.set()

    store.set_write_error_handler(handler)
    first = next(iter(ids))
    gate.fail.add(f"{first}.json")
    store.flush_in_background()
    store.flush_in_background()  # another cycle while the writes are still pending
    gate.release()
    assert reported.wait(30), "the write error handler was never called"
    store.flush_in_background()  # a cycle after the failure
    gate.fail.clear()
    store.flush()  # drains the writer, then retries whatever failed
    assert all(isinstance(e, DeskWriteError) for e in errors)
    assert first in str(errors[0])
    assert not store.dirty
    store.close()
    again = open_store(desk_path, readonly=True)
    assert again.body(ids[first][0]).startswith("<p>f0-0 ")


def test_removed_feed_shard_does_not_come_back(desk_path: Path, gate: WriteGate) -> None:
    store, ids = _desk_with_feeds(desk_path, 1)
    (feed_id,) = ids
    shard = store.bodies_dir / f"{feed_id}.json"
    store.flush_in_background()
    remover = threading.Thread(target=store.remove_feed, args=(feed_id,))
    remover.start()
    gate.release()
    remover.join(30)
    store.close()
    assert not shard.exists(), "a pending write brought the removed feed's bodies back"

    store = open_store(desk_path)
    feed = store.add_feed("https://f0.example/feed")
    assert feed.id == feed_id
    result = store.upsert_articles(feed.id, make_items(2, prefix="f0-"))
    assert result.new == 2
    store.close()


def _kill_before_shard_replace(path: Path, action: str) -> None:
    """Child: `action` some articles, flush, SIGKILLed just before the body shard is renamed
    into place (for an addition, before the main file; for a removal, after it)."""
    store = open_store(path)
    feed = store.add_feed("https://example.org/feed")
    shard = store.bodies_dir / f"{feed.id}.json"
    ids = store.upsert_articles(feed.id, make_items(3)).new_ids
    store.flush()
    if action == "remove":
        store.remove_articles(ids)
    else:
        store.upsert_articles(feed.id, make_items(2, prefix="new"))
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if str(dst) == str(shard):
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)

    os.replace = replace  # type: ignore[assignment]
    store.flush()


@pytest.mark.parametrize("action", ["remove", "add"])
def test_crash_before_the_shard_is_replaced_keeps_every_indexed_body(
    desk_path: Path, action: str
) -> None:
    """New articles reach the index only after their bodies are on disk; removed articles'
    bodies leave only after the index without them is on disk. Either way the desk opens,
    every article it lists has its body, and the next refresh does not trip over leftovers."""
    pid = os.fork()
    if pid == 0:
        try:
            _kill_before_shard_replace(desk_path, action)
        finally:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status

    store = open_store(desk_path)
    feed = store.feed_by_url("https://example.org/feed")
    assert feed is not None
    expected = 0 if action == "remove" else 3  # the removal was on disk, the addition not
    assert len(store.articles()) == expected
    for article in store.articles():
        assert store.body(article.id).startswith(f"<p>{article.guid} "), article.guid
    assert not store.bodies_missing(feed.id)
    # the feed delivers everything again: the refresh must not trip over leftover bodies
    store.upsert_articles(feed.id, make_items(3) + make_items(2, prefix="new"))
    assert len(store.articles()) == 5
    for article in store.articles():
        assert store.body(article.id).startswith(f"<p>{article.guid} "), article.guid
    store.close()
    again = open_store(desk_path, readonly=True)
    assert all(again.body(a.id) for a in again.articles())


def test_background_writes_put_the_main_file_after_its_shards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Queued writes coalesce per file, yet the main file (submitted `last`) is written after
    every shard submitted before it, and held back when one of them failed."""
    gate = threading.Event()
    order: list[str] = []

    def record(target: Path, data: bytes, backup: Path | None = None, **_: bool) -> None:
        assert gate.wait(30), "test never released the writer"
        if data == b"fail":
            raise OSError(28, "No space left on device")
        order.append(f"{target.name}={data.decode()}")

    monkeypatch.setattr(atomic, "atomic_write", record)
    errors: list[tuple[str, str]] = []
    writer = atomic.BackgroundWriter(lambda t, e: errors.append((t.name, type(e).__name__)))
    main, a, b = tmp_path / "main", tmp_path / "a", tmp_path / "b"
    writer.submit(a, b"1")
    writer.submit(main, b"1", last=True)
    writer.submit(b, b"2")  # a later batch: new shard b, newer a, newer main
    writer.submit(a, b"2")
    writer.submit(main, b"2", last=True)
    gate.set()
    assert writer.drain(30)
    # the writer may already have taken a=1 before the second batch came; either way the
    # main file comes last and no shard of either batch is written after it
    assert order[-1] == "main=2" and "main=1" not in order, order
    assert {"a=2", "b=2"} <= set(order), order

    order.clear()
    writer.submit(a, b"fail")
    writer.submit(main, b"3", last=True)
    assert writer.drain(30)
    assert order == [] and errors == [("a", "OSError"), ("main", "HeldBack")]
    writer.submit(main, b"4", last=True)  # the next batch is not held back any more
    assert writer.drain(30)
    assert order == ["main=4"]
    writer.close()


def _kill_at_main_replace_after_removing_a_feed(path: Path) -> None:
    """Child: two feeds saved, one removed, SIGKILLed as the main file is renamed into place."""
    store = open_store(path)
    for name in ("keep", "gone"):
        feed = store.add_feed(f"https://{name}.example/feed")
        store.upsert_articles(feed.id, make_items(3, prefix=name))
    store.flush()
    store.remove_feed(store.feed_by_url("https://gone.example/feed").id)  # type: ignore[union-attr]
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if str(dst) == str(path):
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)

    os.replace = replace  # type: ignore[assignment]
    store.flush()


def test_removed_feed_shard_outlives_a_crash_before_the_main_file(desk_path: Path) -> None:
    """The shard of a removed feed goes only after the main file without the feed is on
    disk: killed before that, the desk still lists the feed and has all of its bodies."""
    pid = os.fork()
    if pid == 0:
        try:
            _kill_at_main_replace_after_removing_a_feed(desk_path)
        finally:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    store = open_store(desk_path)
    gone = store.feed_by_url("https://gone.example/feed")
    assert gone is not None and len(store.articles()) == 6
    for article in store.articles():
        assert store.body(article.id).startswith(f"<p>{article.guid} "), article.guid
    assert not any(store.bodies_missing(f.id) for f in store.feeds())
    store.remove_feed(gone.id)
    store.close()
    assert not (desk_path.with_suffix(".bodies") / f"{gone.id}.json").exists()


def test_the_writer_syncs_a_directory_once_for_a_run_of_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Shards are renamed into place without a directory fsync each; their directory is
    fsynced once, before the main file that lists them is written, and before drain()
    says a run of writes is on disk."""
    gate = threading.Event()
    events: list[tuple[str, str]] = []
    real_write, real_sync = atomic.atomic_write, atomic._fsync_dir

    def write(target: Path, data: bytes, backup: Path | None = None, **options: bool) -> None:
        assert gate.wait(30), "test never released the writer"
        events.append(("write", target.name))
        real_write(target, data, backup, **options)

    def sync(directory: Path) -> None:
        events.append(("sync", directory.name))
        real_sync(directory)

    monkeypatch.setattr(atomic, "atomic_write", write)
    monkeypatch.setattr(atomic, "_fsync_dir", sync)
    shards = tmp_path / "bodies"
    shards.mkdir()
    writer = atomic.BackgroundWriter(lambda t, e: None)
    for name in ("a", "b", "c"):
        writer.submit(shards / name, name.encode())
    writer.submit(tmp_path / "main", b"main", last=True)
    gate.set()
    assert writer.drain(30)
    assert events == [
        ("write", "a"),
        ("write", "b"),
        ("write", "c"),
        ("sync", "bodies"),
        ("write", "main"),
        ("sync", tmp_path.name),  # atomic_write's own, for the main file
    ]
    events.clear()
    writer.submit(shards / "d", b"d")
    assert writer.drain(30)
    assert events == [("write", "d"), ("sync", "bodies")]
    writer.close()
