"""A feed listing far more items than a feed may keep stores only its newest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feedserver import FeedServer, static

from newsdesk.core.refresh import refresh_feeds
from newsdesk.core.retention import RetentionPolicy, newest

START = datetime(2024, 1, 1, tzinfo=UTC)


def many_items(count: int, first: int = 0) -> bytes:
    items = "".join(
        f"<item><title>n{n}</title><guid>g{n}</guid><link>https://many.example/{n}</link>"
        f"<pubDate>{(START + timedelta(minutes=n)):%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
        for n in range(first, first + count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>'
        f"<link>https://many.example/</link>{items}</channel></rss>"
    ).encode()


async def test_a_feed_listing_thousands_of_items_stores_only_the_newest(
    server: FeedServer,
    desk,  # type: ignore[no-untyped-def]
) -> None:
    url = server.add("/many", static(many_items(3000)))
    desk.add_feed(url)
    report = await refresh_feeds(desk, desk.feeds(), retention=RetentionPolicy(max_per_feed=40))
    assert report.outcomes[0].status == "updated" and report.outcomes[0].new == 40
    assert {a.title for a in desk.articles()} == {f"n{n}" for n in range(2960, 3000)}


async def test_starred_and_annotated_articles_stay_when_the_feed_floods(
    server: FeedServer,
    desk,  # type: ignore[no-untyped-def]
) -> None:
    body = {"data": many_items(5)}
    from feedserver import send

    server.add("/flood", lambda h: send(h, 200, body["data"], "application/rss+xml"))
    desk.add_feed(server.url("/flood"))
    policy = RetentionPolicy(max_per_feed=10)
    await refresh_feeds(desk, desk.feeds(), retention=policy)
    old = {a.title: a for a in desk.articles()}
    desk.set_starred(old["n0"].id, True)
    desk.set_tags(old["n1"].id, ["keep"])
    body["data"] = many_items(2000)
    await refresh_feeds(desk, desk.feeds(), retention=policy, force=True)
    titles = {a.title for a in desk.articles()}
    assert {"n0", "n1"} <= titles
    assert "n2" not in titles and {f"n{n}" for n in range(1990, 2000)} <= titles
    assert len(titles) == 12


def test_newest_keeps_document_order() -> None:
    assert newest([3, 1, 2, 5, 4], 2, lambda n: n) == [5, 4]
    assert newest([1, 2], 0, lambda n: n) == [1, 2]
