"""A podcast episode's enclosures are kept in its body shard record and come back on open."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import orjson

from newsdesk.core.enclosure import Enclosure
from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store

FEED = "https://harbour-hour.example/feed"
MP3 = Enclosure("https://media.harbour-hour.example/12.mp3", "audio/mpeg", 48234567)
M4A = Enclosure("https://media.harbour-hour.example/12.m4a", "audio/x-m4a", 0)


def episode(*enclosures: Enclosure) -> ArticleInput:
    return ArticleInput(
        guid="ep-12",
        title="Episode 12",
        link="",
        author="",
        published=datetime(2026, 11, 24, 6, tzinfo=UTC),
        updated=None,
        summary="The breakwater.",
        body="The breakwater.",
        enclosures=tuple(enclosures),
    )


def test_enclosures_are_stored_beside_the_body_and_survive_a_reopen(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED)
    store.upsert_articles(feed.id, [episode(MP3, M4A)])
    [article] = store.articles()
    assert store.enclosures(article.id) == [MP3, M4A]
    store.close()
    index = desk_path.read_text()
    assert MP3.url not in index  # in the shard, not the index every start-up loads
    store = open_store(desk_path)
    try:
        assert store.enclosures(article.id) == [MP3, M4A]
        assert store.enclosures("no-such-article") == []
    finally:
        store.close()


def test_same_enclosures_again_is_no_update_and_dropped_ones_are_cleared(desk_path: Path) -> None:
    store = open_store(desk_path)
    try:
        feed = store.add_feed(FEED)
        store.upsert_articles(feed.id, [episode()])
        [article] = store.articles()
        assert store.enclosures(article.id) == []
        assert store.upsert_articles(feed.id, [episode()]).updated == 0
        assert store.upsert_articles(feed.id, [episode(MP3)]).updated == 1
        assert store.enclosures(article.id) == [MP3]
        assert store.upsert_articles(feed.id, [episode(MP3)]).updated == 0
        assert store.upsert_articles(feed.id, [episode()]).updated == 1
        assert store.enclosures(article.id) == []
        assert store.body(article.id) == "The breakwater."
    finally:
        store.close()


def test_damaged_enclosure_entries_in_a_shard_are_skipped(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED)
    store.upsert_articles(feed.id, [episode(MP3)])
    [article] = store.articles()
    store.close()
    [shard] = [p for p in desk_path.parent.rglob("*.json") if p != desk_path]
    data = orjson.loads(shard.read_bytes())
    table = next(iter(data.values()))
    record = next(iter(table.values()))
    record["enclosures"] = [
        ["javascript:alert(1)", "audio/mpeg", 1],
        "not a list",
        [MP3.url, 7, -3],
        dataclasses.astuple(M4A),
    ]
    shard.write_bytes(orjson.dumps(data))
    store = open_store(desk_path, readonly=True)
    try:
        assert store.enclosures(article.id) == [Enclosure(MP3.url, "", 0), M4A]
    finally:
        store.close()
