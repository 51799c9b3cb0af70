"""The desk layer's use cases: one behaviour whichever front end calls them."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler

import hostile
import pytest
from feedserver import FeedServer, send, static

from newsdesk.core.errors import NotFoundError
from newsdesk.desk import Desk
from newsdesk.desk.base import NothingToUndoError
from newsdesk.desk.feeds import FeedNotAddedError
from newsdesk.desk.sources import InvalidSourceError, normalise_source

ITEMS = [("One", "https://a.example/1"), ("Two", "https://a.example/2")]


def gate(release: threading.Event, started: threading.Event, body: bytes):  # type: ignore[no-untyped-def]
    """A route that answers only once `release` is set, telling `started` it was asked."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        started.set()
        release.wait(20)
        send(handler, 200, body, "application/rss+xml")

    return route


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("example.com/feed", "https://example.com/feed"),
        ("  https://example.com/rss  ", "https://example.com/rss"),
        ("http://example.com/a.xml", "http://example.com/a.xml"),
        # scheme and host name the same feed in any case; the path keeps its own
        ("HTTP://Example.COM/Feed.xml", "http://example.com/Feed.xml"),
        ("https://user:PW@News.Example:8080/A?B=1", "https://user:PW@news.example:8080/A?B=1"),
    ],
)
def test_typed_addresses_are_normalised_one_way(typed: str, stored: str) -> None:
    assert normalise_source(typed) == stored


def test_a_missing_file_that_looks_like_a_path_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidSourceError, match="No such file"):
        normalise_source(str(tmp_path / "nothing.xml"))
    with pytest.raises(InvalidSourceError, match="only http"):
        normalise_source("ftp://example.com/feed")


def test_a_relative_path_that_is_missing_is_a_missing_file_not_a_host() -> None:
    """`add ./missing.xml` was taken for the web: "https://./missing.xml: Host not found"."""
    for typed in ("./missing.xml", "../missing.xml", "~/missing-feed.xml"):
        with pytest.raises(InvalidSourceError, match="No such file"):
            normalise_source(typed)


def test_an_address_with_control_characters_is_refused_without_them() -> None:
    """The refusal echoed an OSC escape from the address to the terminal (its title)."""
    with pytest.raises(InvalidSourceError, match="control characters") as caught:
        normalise_source("http://127.0.0.1:8765/\x1b]0;PWN\x07")
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert "PWN" not in str(caught.value)


async def test_a_failed_first_fetch_adds_nothing(desk: Desk, server: FeedServer) -> None:
    url = server.add("/missing", static(b"gone", "text/plain", status=404))
    with pytest.raises(FeedNotAddedError, match="Nothing was added"):
        await desk.add_feed(url)
    assert desk.feeds() == []


async def test_no_fetch_keeps_a_feed_for_the_next_refresh(desk: Desk) -> None:
    result = await desk.add_feed("https://example.com/feed", fetch=False)
    assert result.status == "not_fetched"
    assert [f.url for f in desk.feeds()] == ["https://example.com/feed"]


async def test_adding_again_a_feed_never_fetched_fetches_it(desk: Desk, server: FeedServer) -> None:
    """An add the open desk quit during left the feed subscribed and empty; the "run it
    again" it advised then only said "Already subscribed" and left it empty."""
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    await desk.add_feed(url, fetch=False)  # as the interrupted add left it
    again = await desk.add_feed(url)
    assert (again.status, again.new) == ("exists", 2)
    assert again.message().endswith("; fetched now: 2 articles")
    assert sorted(a.title for a in desk.articles()) == ["One", "Two"]
    third = await desk.add_feed(url)  # fetched now: a plain "Already subscribed"
    assert (third.status, third.new, third.first_fetch) == ("exists", 0, "")


async def test_adding_twice_says_already_subscribed(desk: Desk, server: FeedServer) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    first = await desk.add_feed(url, ["news", " news ", ""])
    assert (first.status, first.new, first.feed.tags) == ("added", 2, ("news",))
    again = await desk.add_feed(url)
    assert again.status == "exists" and "Already subscribed" in again.message()


async def test_removing_a_feed_mid_refresh_leaves_the_other_feeds_refreshed(
    desk: Desk, server: FeedServer
) -> None:
    release, started = threading.Event(), threading.Event()
    slow = server.add("/slow", gate(release, started, hostile.simple_rss(ITEMS, "Slow", "s")))
    quick = server.add("/quick", static(hostile.simple_rss(ITEMS, "Quick", "q")))
    other = server.add("/other", static(hostile.simple_rss(ITEMS, "Other", "o")))
    for url in (slow, quick, other):
        await desk.add_feed(url, fetch=False)
    slow_feed = desk.feed_by_url(slow)
    assert slow_feed is not None

    refresh = asyncio.create_task(desk.refresh())
    await asyncio.to_thread(started.wait, 20)
    desk.remove_feed(slow_feed.id)  # while its request is in flight
    release.set()
    report = await refresh

    assert sorted(o.url for o in report.outcomes) == sorted([quick, other])
    assert {o.status for o in report.outcomes} == {"updated"}
    assert {f.url: f.last_status for f in desk.feeds()} == {quick: "updated", other: "updated"}
    assert all(a.feed_id != slow_feed.id for a in desk.articles())


async def test_a_refresh_asked_for_during_another_waits_for_it(
    desk: Desk, server: FeedServer
) -> None:
    release, started = threading.Event(), threading.Event()
    slow = server.add("/slow", gate(release, started, hostile.simple_rss(ITEMS, "Slow", "s")))
    quick = server.add("/quick", static(hostile.simple_rss(ITEMS, "Quick", "q")))
    for url in (slow, quick):
        await desk.add_feed(url, fetch=False)
    quick_id = desk.feed_by_url(quick).id  # type: ignore[union-attr]

    everything = asyncio.create_task(desk.refresh())
    await asyncio.to_thread(started.wait, 20)
    assert desk.refreshing
    one = asyncio.create_task(desk.refresh([quick_id]))
    await asyncio.sleep(0.05)
    assert not one.done()  # queued behind the full refresh, which was not cancelled
    release.set()
    full, single = await everything, await one
    assert len(full.outcomes) == 2 and {o.status for o in full.outcomes} == {"updated"}
    assert [o.url for o in single.outcomes] == [quick]


async def test_remove_feed_is_undone_with_its_articles(desk: Desk, server: FeedServer) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    added = await desk.add_feed(url, ["news"])
    before = sorted((a.id, a.title) for a in desk.articles())
    desk.set_read([before[0][0]])
    result = desk.remove_feed(added.feed.id)
    assert (result.removed, result.kept) == (2, 0) and desk.feeds() == []
    undone = desk.undo()
    assert "Restored" in undone.message
    assert [(f.url, f.tags) for f in desk.feeds()] == [(url, ("news",))]
    assert sorted((a.id, a.title) for a in desk.articles()) == before
    assert desk.require_article(before[0][0]).read
    with pytest.raises(NothingToUndoError):
        desk.undo()


async def test_missing_records_raise_not_found(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        desk.remove_feed("nope")
    with pytest.raises(NotFoundError):
        desk.open_article("nope")
    with pytest.raises(NotFoundError):
        desk.remove_highlight("nope")


async def test_highlight_removal_takes_its_note_and_undo_brings_both(
    desk: Desk, server: FeedServer
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    await desk.add_feed(url)
    article = desk.articles()[0]
    text = "One sentence here. Another one there."
    highlight = desk.add_highlight(article.id, text, 0, 18)
    desk.save_note(article.id, highlight.id, "why it matters")
    desk.remove_highlight(highlight.id)
    assert desk.highlights(article.id) == [] and desk.notes(article.id) == []
    desk.undo()
    assert [h.quote for h in desk.highlights(article.id)] == ["One sentence here."]
    assert [n.text for n in desk.notes(article.id)] == ["why it matters"]
    assert desk.save_note(article.id, highlight.id, "   ") is None
    assert desk.notes(article.id) == []
