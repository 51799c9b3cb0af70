"""Bodies released during a refresh: written by the writer thread before any index that lists
them, dropped from memory once on disk, never lost when their write fails or when the feed
changes again while the write is pending.

A gate patched into the writer's atomic_write holds background writes until the test says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from storehelp import WriteGate, hold_writes, make_items

from newsdesk.core.errors import DeskWriteError
from newsdesk.store import open_store


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteGate]:
    gate = hold_writes(monkeypatch, fail_in_any_thread=True)
    yield gate
    gate.release()


def _indexed(path: Path) -> set[str]:
    """The article ids the main file on disk lists."""
    data = orjson.loads(path.read_bytes())
    return {doc["id"] for doc in data.get("articles", {}).values()}


def test_released_bodies_reach_the_disk_before_the_index_and_leave_memory(
    desk_path: Path, gate: WriteGate
) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://a.example/feed", "A")
    ids = store.upsert_articles(feed.id, make_items(3, prefix="a")).new_ids
    store.release_bodies(feed.id)
    assert store.body(ids[0]).startswith("<p>a0 ")  # readable while its write is pending
    assert store.dirty
    gate.release()
    writer = store._engine.writer
    assert writer is not None and writer.drain(30)
    shard = orjson.loads((store.bodies_dir / f"{feed.id}.json").read_bytes())
    assert {doc["id"] for doc in shard["bodies"].values()} == set(ids)
    assert not _indexed(desk_path) & set(ids)  # the index comes later, with the flush
    store.release_bodies(feed.id)  # reading took it back; nothing new, so it just goes
    store.release_bodies(feed.id)
    assert store._engine.loaded_shard(feed.id) is None
    assert store.body(ids[2]).startswith("<p>a2 ")  # read back from disk
    store.close()
    again = open_store(desk_path, readonly=True)
    assert _indexed(desk_path) >= set(ids)
    assert all(again.body(i) for i in ids)


def test_a_failed_release_holds_the_index_back_until_a_flush_writes_it(
    desk_path: Path, gate: WriteGate
) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://a.example/feed", "A")
    ids = store.upsert_articles(feed.id, make_items(2, prefix="a")).new_ids
    gate.fail.add(f"{feed.id}.json")
    store.release_bodies(feed.id)
    gate.release()
    with pytest.raises(DeskWriteError):
        store.flush()  # the retry fails too: no index may list bodies that are not on disk
    assert not _indexed(desk_path) & set(ids)
    gate.fail.clear()
    store.flush()
    assert _indexed(desk_path) >= set(ids)
    store.close()
    again = open_store(desk_path, readonly=True)
    assert all(again.body(i).startswith("<p>a") for i in ids)


def test_a_feed_changed_while_its_release_is_pending_keeps_every_body(
    desk_path: Path, gate: WriteGate
) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://a.example/feed", "A")
    first = store.upsert_articles(feed.id, make_items(2, prefix="a")).new_ids
    store.release_bodies(feed.id)
    later = store.upsert_articles(feed.id, make_items(2, prefix="b")).new_ids
    store.release_bodies(feed.id)
    gate.release()
    store.close()
    again = open_store(desk_path, readonly=True)
    assert all(again.body(i).startswith("<p>a") for i in first)
    assert all(again.body(i).startswith("<p>b") for i in later)
