"""Flushes of a large desk re-serialise only the buckets a change touched, and what they write
is exactly the desk: the same JSON object as a whole dump, after any mix of inserts, updates,
removals, upserts and truncations, including a write that lands while a bucket is dumped.

BIG and BUCKET are patched small, so a few hundred documents make many buckets."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from storehelp import make_items
from tinydb import where
from tinydb.table import Document, Table

import newsdesk.store.engine as engine_module
import newsdesk.store.serial as serial
from newsdesk.store import open_store
from newsdesk.store.buckets import Buckets
from newsdesk.store.engine import DeskEngine
from newsdesk.store.records import doc_id, to_doc


@pytest.fixture(autouse=True)
def small_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serial, "BIG", 32)
    monkeypatch.setattr(serial, "BUCKET", 4)


def joined(parts: list[Any]) -> Any:
    return orjson.loads(b"".join(bytes(p) for p in parts))


def warmed(desk_path: Path, n: int) -> tuple[DeskEngine, Table, serial.SerialCache]:
    """An engine whose "records" table holds `n` documents (ids 1..n), its cache built."""
    engine = DeskEngine.open(desk_path)
    table = engine.table("records")
    for i in range(n):
        table.insert(Document({"n": i}, doc_id=1 + i))
    engine.warm()
    assert engine.storage.serial is not None
    return engine, table, engine.storage.serial


def count_dumps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many buckets get serialised from now on (one entry per bucket dump)."""
    calls: list[int] = []
    real = Buckets.make

    def counting(self: Buckets[Any], bucket: int, *args: Any) -> None:
        calls.append(bucket)
        real(self, bucket, *args)

    monkeypatch.setattr(Buckets, "make", counting)
    return calls


def test_pieces_are_the_whole_desk_after_random_writes(desk_path: Path) -> None:
    engine = DeskEngine.open(desk_path)
    table = engine.table("records")
    small = engine.table("feeds")
    rng = random.Random(7)
    for i in range(200):
        table.insert(Document({"n": i, "tags": []}, doc_id=1000 + i))
    small.insert({"url": "https://example.org/feed"})
    engine.warm()
    cache = engine.storage.serial
    assert cache is not None
    assert joined(cache.dumps(engine.storage.data)) == engine.storage.data
    for round_ in range(30):
        for _ in range(rng.randint(1, 12)):
            op = rng.choice(["insert", "update", "remove", "upsert", "small"])
            ids = [d.doc_id for d in table.all()]
            if op == "insert":
                table.insert(
                    Document({"n": -1, "round": round_}, doc_id=5000 + rng.randrange(10**6))
                )
            elif op == "update" and ids:
                table.update({"read": True, "round": round_}, doc_ids=[rng.choice(ids)])
            elif op == "remove" and ids:
                table.remove(doc_ids=rng.sample(ids, min(len(ids), rng.randint(1, 5))))
            elif op == "upsert":
                table.upsert(Document({"n": round_}, doc_id=1000 + rng.randrange(300)))
            else:
                small.update({"title": f"t{round_}"})
        assert joined(cache.dumps(engine.storage.data)) == engine.storage.data
    table.truncate()
    assert joined(cache.dumps(engine.storage.data)) == engine.storage.data
    engine.close()


def test_a_change_reserialises_only_its_bucket(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, table, cache = warmed(desk_path, 400)
    cache.dumps(engine.storage.data)
    calls = count_dumps(monkeypatch)
    table.update({"read": True}, doc_ids=[17])
    parts = cache.dumps(engine.storage.data)
    assert len(calls) == 1  # one bucket of the hundred, not the table
    assert joined(parts)["records"]["17"]["read"] is True
    calls.clear()
    cache.dumps(engine.storage.data)
    assert calls == []  # nothing changed since: every piece reused
    engine.close()


def test_a_write_during_a_bucket_dump_is_not_lost(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker thread's write may land between a bucket's copy and its dump: that dump is
    thrown away, and the next one has the write."""
    engine, table, cache = warmed(desk_path, 100)
    table.update({"n": -1}, doc_ids=[5])
    real_dumps = serial.orjson.dumps
    fired = []

    def dumps_with_a_write(obj: Any, *args: Any) -> bytes:
        if not fired and isinstance(obj, dict) and "5" in obj:
            fired.append(True)
            table.update({"n": -2}, doc_ids=[5])  # as if from another thread, mid-dump
            return real_dumps({**obj, "5": {"n": -1}}, *args)  # the copy made before it
        return real_dumps(obj, *args)

    monkeypatch.setattr(serial.orjson, "dumps", dumps_with_a_write)
    cache.dumps(engine.storage.data)
    monkeypatch.setattr(serial.orjson, "dumps", real_dumps)
    assert fired
    assert joined(cache.dumps(engine.storage.data))["records"]["5"]["n"] == -2
    engine.close()


def test_background_flushes_of_a_large_desk_write_the_desk(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed")
    store.upsert_articles(feed.id, make_items(120))
    store.flush()
    ids = [a.id for a in store.articles()]
    store.set_read(ids[:7])
    store.prepare_background_flushes()
    for _ in range(200):  # the warm-up runs in a thread; flushes wait for it
        store.flush_in_background()
        if not store.dirty:
            break
        engine_module.threading.Event().wait(0.01)
    store.set_starred(ids[50], True)
    store.remove_articles(ids[100:])
    store.flush_in_background()
    store._engine.writer.drain()  # type: ignore[union-attr]
    on_disk = orjson.loads(desk_path.read_bytes())
    articles = on_disk.pop("articles")  # the index is not among the engine's tables
    assert on_disk == store._engine.storage.data
    assert articles == {str(doc_id(a.id)): to_doc(a) for a in store.articles()}
    assert len(articles) == 100
    store.close()
    reopened = open_store(desk_path)
    assert sum(a.read for a in reopened.articles()) == 7
    assert [a.id for a in reopened.articles() if a.starred] == [ids[50]]
    reopened.close()


def test_tables_that_shrink_or_go_are_dumped_whole(desk_path: Path) -> None:
    engine, table, cache = warmed(desk_path, 64)
    table.remove(where("n") >= 10)
    assert joined(cache.dumps(engine.storage.data)) == engine.storage.data
    engine._db.drop_table("records")
    assert joined(cache.dumps(engine.storage.data)) == engine.storage.data
    engine.close()


def test_an_unwritten_small_table_is_not_dumped_again(desk_path: Path) -> None:
    engine, _, cache = warmed(desk_path, 64)
    stories = engine.table("stories")
    stories.insert({"json": "x" * 1000})
    first = cache.dumps(engine.storage.data)
    again = cache.dumps(engine.storage.data)
    piece = next(i for i, p in enumerate(first) if bytes(p) == b'"stories":') + 1
    assert again[piece] is first[piece]  # the same bytes object: no second dump
    stories.update({"json": "y"}, doc_ids=[1])
    changed = cache.dumps(engine.storage.data)
    assert joined(changed)["stories"] == {"1": {"json": "y"}}
    engine.close()
