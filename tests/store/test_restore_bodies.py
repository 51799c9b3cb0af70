"""Bodies that went missing from disk come back: a feed whose shard is missing, corrupt or
older than the index is fetched without its validators on the next refresh, and the upsert
puts back the body of every article the feed still lists."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from feedserver import FeedServer, static
from storehelp import make_items

from newsdesk.core.refresh import refresh_feeds
from newsdesk.store import open_store


def _rss(n: int) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>https://example.org/{i}</link>"
        f"<guid>item-{i}</guid><description>Body of item {i}</description></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bodies</title>'
        f"<link>https://example.org/</link>{items}</channel></rss>"
    ).encode()


def _damage(shard: Path, how: str) -> None:
    if how == "missing":
        shard.unlink()
    elif how == "corrupt":
        shard.write_bytes(b'{"bodies": {"1": ')
    else:  # behind the index: a valid shard that lacks some of the listed bodies
        data = orjson.loads(shard.read_bytes())
        bodies = data["bodies"]
        for key in list(bodies)[: len(bodies) // 2]:
            del bodies[key]
        shard.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize("how", ["missing", "corrupt", "behind"])
async def test_refresh_restores_bodies_of_a_damaged_shard(
    server: FeedServer, tmp_path: Path, how: str
) -> None:
    url = server.add("/feed", static(_rss(6), etag='"v1"', last_modified=True))
    path = tmp_path / "desk.json"
    store = open_store(path)
    feed = store.add_feed(url)
    first = await refresh_feeds(store, store.feeds())
    assert [(o.status, o.new) for o in first.outcomes] == [("updated", 6)]
    store.close()
    shard = store.bodies_dir / f"{feed.id}.json"
    _damage(shard, how)

    store = open_store(path)
    try:
        assert store.feed(feed.id).etag == '"v1"'  # type: ignore[union-attr]
        assert any(not store.body(a.id) for a in store.articles())
        second = await refresh_feeds(store, store.feeds())
        # without the fix the server answers 304 and the bodies never come back
        assert [o.status for o in second.outcomes] == ["updated"]
        assert "if-none-match" not in server.log[-1][1]
        assert "if-modified-since" not in server.log[-1][1]
        assert store.feed(feed.id).etag == '"v1"'  # type: ignore[union-attr]
    finally:
        store.close()
    again = open_store(path, readonly=True)
    assert len(again.articles()) == 6
    for article in again.articles():
        assert "Body of item" in again.body(article.id), article.guid
    if how == "corrupt":
        assert shard.with_name(shard.name + ".corrupt").exists()  # kept aside, not overwritten


async def test_healthy_shard_keeps_the_conditional_request(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.add("/feed", static(_rss(3), etag='"v1"'))
    path = tmp_path / "desk.json"
    store = open_store(path)
    store.add_feed(url)
    await refresh_feeds(store, store.feeds())
    store.close()
    store = open_store(path)
    try:
        second = await refresh_feeds(store, store.feeds())
    finally:
        store.close()
    assert [o.status for o in second.outcomes] == ["not_modified"]
    assert server.log[-1][1]["if-none-match"] == '"v1"'


def test_upsert_refills_a_missing_body_of_an_existing_article(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed")
    ids = store.upsert_articles(feed.id, make_items(3)).new_ids
    store.close()
    (desk_path.with_suffix(".bodies") / f"{feed.id}.json").unlink()

    store = open_store(desk_path)
    assert store.bodies_missing(feed.id)
    assert store.body(ids[0]) == ""
    result = store.upsert_articles(feed.id, make_items(3))
    assert (result.new, result.updated) == (0, 3)
    assert all(store.body(i).startswith("<p>g") for i in ids)
    store.close()
    assert not open_store(desk_path).bodies_missing(feed.id)


def test_removed_article_body_leaves_the_shard_after_the_index(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed")
    ids = store.upsert_articles(feed.id, make_items(3)).new_ids
    store.flush()
    store.remove_articles([ids[0]])
    store.flush()
    shard = orjson.loads((store.bodies_dir / f"{feed.id}.json").read_bytes())
    assert {d["id"] for d in shard["bodies"].values()} == set(ids[1:])
    store.remove_articles([ids[1]])
    store.upsert_articles(feed.id, make_items(1, start=1))  # back before the pruning flush
    store.close()
    again = open_store(desk_path, readonly=True)
    assert again.body(ids[1]).startswith("<p>g1 ")


def test_shard_files_no_indexed_article_needs_go_with_the_next_save(desk_path: Path) -> None:
    """A crash between a feed's removal and its shard's leaves the shard behind: a writable
    open removes it when it next saves; a read-only open leaves it."""
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed")
    empty = store.add_feed("https://empty.example/feed")
    store.upsert_articles(feed.id, make_items(2))
    store.close()
    bodies = desk_path.with_suffix(".bodies")
    live = bodies / f"{feed.id}.json"
    leftovers = [bodies / "0123456789abcde.json", bodies / f"{empty.id}.json"]
    for leftover in leftovers:
        leftover.write_bytes(live.read_bytes())
    open_store(desk_path, readonly=True).close()
    assert all(p.exists() for p in leftovers)

    store = open_store(desk_path)
    assert all(p.exists() for p in leftovers)  # nothing is deleted before a save
    store.upsert_articles(empty.id, make_items(1, prefix="e"))  # a fresh shard, not the old one
    store.close()
    assert not leftovers[0].exists() and live.exists()
    again = open_store(desk_path, readonly=True)
    assert len(orjson.loads(leftovers[1].read_bytes())["bodies"]) == 1
    assert all(again.body(a.id) for a in again.articles())
