"""The article index's compressed buckets: a flush writes exactly the index, whatever changed."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest
from storehelp import make_items

import newsdesk.store.article_index as article_index
import newsdesk.store.article_table as article_table
from newsdesk.store import open_store
from newsdesk.store.article_index import bucket_of
from newsdesk.store.records import doc_id, to_doc
from newsdesk.store.tinydb_store import TinyDBStore


@pytest.fixture(autouse=True)
def _small_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_index, "BIG", 16)
    monkeypatch.setattr(article_index, "BUCKET", 8)


def _on_disk(path: Path) -> dict[str, object]:
    return orjson.loads(path.read_bytes())["articles"]  # type: ignore[no-any-return]


def _expected(store: TinyDBStore) -> dict[str, object]:
    return {str(doc_id(a.id)): to_doc(a) for a in store.articles()}


def _saved_desk(path: Path, articles: int) -> str:
    """A desk of one feed with `articles` articles, saved and closed; the feed's id."""
    store = open_store(path)
    feed = store.add_feed("https://example.org/feed")
    store.upsert_articles(feed.id, make_items(articles))
    store.close()
    return feed.id


def _built(store: TinyDBStore) -> int:
    """How many buckets the store's index has built (0: none)."""
    buckets = store._index._buckets
    return buckets.size if buckets is not None else 0


def _warmed(path: Path) -> TinyDBStore:
    store = open_store(path)
    store._engine.warm()  # a no-op when the launch built them
    assert _built(store) > 1  # the buckets are built
    return store


def test_random_changes_are_written_exactly(desk_path: Path) -> None:
    feed_id = _saved_desk(desk_path, 200)
    store = _warmed(desk_path)
    rng = random.Random(7)
    added = 200
    for round_ in range(30):
        ids = [a.id for a in store.articles()]
        pick = rng.sample(ids, 5)
        match round_ % 4:
            case 0:
                store.set_read(pick, rng.random() < 0.5)
            case 1:
                store.set_starred(pick[0], True)
                store.set_tags(pick[1], ["t"])
            case 2:
                store.remove_articles(pick)
            case _:
                store.upsert_articles(feed_id, make_items(7, start=added))
                added += 7
        if round_ % 3:
            store.flush_in_background()
            store._engine.writer.drain()  # type: ignore[union-attr]
        else:
            store.flush()
        assert _on_disk(desk_path) == _expected(store)
    store.close()


def test_a_write_while_its_bucket_is_made_is_not_lost(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saved_desk(desk_path, 100)
    store = _warmed(desk_path)
    target = store.articles()[0]
    store.set_read([target.id])  # marks its bucket
    real = article_table.ArticleTable.doc  # the table makes each document with it
    fired: list[bool] = []

    def doc_with_a_write(table: article_table.ArticleTable, row: int) -> dict[str, object]:
        if table.id_at(row) == target.id and not fired:
            fired.append(True)  # as if a worker thread starred it once its copy was taken
            store.set_starred(target.id, True)
        return real(table, row)

    monkeypatch.setattr(article_table.ArticleTable, "doc", doc_with_a_write)
    written = orjson.loads(b"".join(store._index.pieces()))  # what the next write gets
    assert fired
    saved = written[str(doc_id(target.id))]
    assert saved["read"] is True and saved["starred"] is True
    store.close()


def test_a_desk_grown_past_its_buckets_is_written_whole(desk_path: Path) -> None:
    feed_id = _saved_desk(desk_path, 20)
    store = _warmed(desk_path)
    store.upsert_articles(feed_id, make_items(2000, start=20))
    store.flush()
    assert _on_disk(desk_path) == _expected(store)
    assert len(_on_disk(desk_path)) == 2020
    store.close()


def test_the_file_is_in_bucket_order_and_the_launch_builds_the_buckets(desk_path: Path) -> None:
    _saved_desk(desk_path, 300)
    raw = orjson.loads(desk_path.read_bytes())
    size = raw["meta"]["1"]["index_buckets"]
    assert size == 300 // 8  # BUCKET is 8 here
    order = [bucket_of(d["id"], size) for d in raw["articles"].values()]
    assert order == sorted(order)
    store = open_store(desk_path)
    assert _built(store) == size  # built while reading: nothing left to warm
    assert all(kept is not None for kept in store._index._buckets.kept)  # type: ignore[union-attr]
    ids = sorted(a.id for a in store.articles())
    store.set_read(ids[:30])
    store.remove_articles(ids[30:40])
    store.flush()
    assert _on_disk(desk_path) == _expected(store)
    store.close()


def test_a_file_in_another_order_is_read_then_warmed(desk_path: Path) -> None:
    _saved_desk(desk_path, 300)
    raw = orjson.loads(desk_path.read_bytes())
    items = list(raw["articles"].items())
    random.Random(3).shuffle(items)
    raw["articles"] = dict(items)
    desk_path.write_bytes(orjson.dumps(raw))
    store = open_store(desk_path)
    assert _built(store) == 0
    assert len(store.articles()) == 300
    store._engine.warm()
    assert _built(store) > 1
    store.set_starred(items[0][1]["id"], True)
    store.flush()
    assert _on_disk(desk_path) == _expected(store)
    store.close()


def test_the_last_write_of_many_new_articles_is_exact_and_in_bucket_order(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing after most buckets changed (a command's refresh) writes the table straight,
    nothing deflated; closing after a few changes still takes the kept buckets."""
    feed_id = _saved_desk(desk_path, 40)
    store = _warmed(desk_path)
    store.upsert_articles(feed_id, make_items(260, start=40))
    expected = _expected(store)
    size = _built(store)
    deflated: list[int] = []
    real = article_index.ArticleIndex._deflated

    def counted(index: article_index.ArticleIndex, rows: list[int]) -> bytes:
        deflated.append(len(rows))
        return real(index, rows)

    monkeypatch.setattr(article_index.ArticleIndex, "_deflated", counted)
    store.close()
    assert deflated == []
    assert _on_disk(desk_path) == expected
    raw = orjson.loads(desk_path.read_bytes())
    assert raw["meta"]["1"]["index_buckets"] == size
    order = [bucket_of(d["id"], size) for d in raw["articles"].values()]
    assert order == sorted(order)
    store = open_store(desk_path)
    assert _built(store) == size  # read back in its order, the buckets built as it reads
    store.set_read([next(iter(store.articles())).id])
    store.close()
    assert len(deflated) == 1  # the one bucket the change touched, made again
    assert len(_on_disk(desk_path)) == 300
