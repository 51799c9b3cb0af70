"""Refresh against a real local server: conditional GETs, identity, redirects, failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import hostile
from feedserver import (
    FeedServer,
    dribble,
    fixture_bytes,
    free_port,
    gzipped,
    huge,
    redirect,
    send,
    static,
)

from newsdesk.core.models import Highlight, Note
from newsdesk.core.refresh import backoff_until, refresh_feeds
from newsdesk.core.retention import RetentionPolicy

ITEMS = [
    ("One", "https://simple.example/1"),
    ("Two", "https://simple.example/2"),
    ("Three", "https://simple.example/3"),
]


async def test_second_refresh_is_a_304(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    url = server.add("/feed", static(hostile.simple_rss(ITEMS), etag='"e1"', last_modified=True))
    feed = desk.add_feed(url)
    first = await refresh_feeds(desk, desk.feeds())
    assert [(o.status, o.new) for o in first.outcomes] == [("updated", 3)]
    stored = desk.feed(feed.id)
    assert stored.etag == '"e1"' and stored.last_modified and stored.title == "Simple"
    second = await refresh_feeds(desk, desk.feeds())
    assert [(o.status, o.new, o.error) for o in second.outcomes] == [("not_modified", 0, None)]
    assert server.log[-1][1]["if-none-match"] == '"e1"'
    assert desk.feed(feed.id).last_status == "not_modified"
    assert second.summary().startswith("1 feed: 0 updated, 1 unchanged, 0 failed, 0 new articles")


async def test_identity_is_stable_and_user_state_survives_refresh(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    body = {"data": hostile.simple_rss(ITEMS)}
    server.add("/feed", lambda h: send(h, 200, body["data"], "application/rss+xml"))
    feed = desk.add_feed(server.url("/feed"))
    await refresh_feeds(desk, desk.feeds())
    articles = {a.title: a for a in desk.articles()}
    one, two = articles["One"], articles["Two"]
    desk.set_read([one.id])
    desk.set_starred(two.id, True)
    desk.set_tags(two.id, ["keep"])
    desk.add_highlight(Highlight(id="", article_id=one.id, quote="about"))
    desk.add_note(Note(id="", article_id=one.id, text="mine"))
    edited = [("One (edited)", ITEMS[0][1]), *ITEMS[1:], ("Four", "https://simple.example/4")]
    body["data"] = hostile.simple_rss(edited)
    report = await refresh_feeds(desk, desk.feeds())
    assert report.new == 1
    after = {a.id: a for a in desk.articles() if a.feed_id == feed.id}
    assert len(after) == 4  # edited in place, never duplicated
    assert after[one.id].title == "One (edited)" and after[one.id].read
    assert after[two.id].starred and after[two.id].tags == ("keep",)
    assert desk.highlights(one.id) and desk.notes(one.id)


async def test_moved_permanently_updates_the_stored_url(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    server.add("/old", redirect(301, "/new"))
    server.add("/new", static(hostile.simple_rss(ITEMS)))
    server.add("/temp", redirect(302, "/elsewhere"))
    server.add("/elsewhere", static(hostile.simple_rss(ITEMS, guid_prefix="t")))
    moved, temp = desk.add_feed(server.url("/old")), desk.add_feed(server.url("/temp"))
    report = await refresh_feeds(desk, desk.feeds())
    assert {o.status for o in report.outcomes} == {"updated"}
    assert desk.feed(moved.id).url == server.url("/new")
    assert desk.feed(temp.id).url == server.url("/temp")


async def test_gone_disables_the_feed_with_a_reason(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    url = server.add("/gone", lambda h: send(h, 410, b"", "text/plain"))
    feed = desk.add_feed(url)
    report = await refresh_feeds(desk, desk.feeds())
    assert report.outcomes[0].status == "failed"
    stored = desk.feed(feed.id)
    assert stored.disabled and stored.last_status == "disabled"
    assert "410 Gone" in (stored.error or "")
    again = await refresh_feeds(desk, desk.feeds())
    assert again.outcomes == [] and server.hits("/gone") == 1


async def test_failures_count_and_back_off_unless_forced(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    url = server.add("/flaky", lambda h: send(h, 500, b"", "text/plain"))
    feed = desk.add_feed(url)
    for expected in (1, 2):
        await refresh_feeds(desk, desk.feeds())
        assert desk.feed(feed.id).failures == expected
    assert desk.feed(feed.id).error == "HTTP 500 Internal Server Error"
    retry_at = backoff_until(desk.feed(feed.id))
    assert retry_at is not None and retry_at > datetime.now(UTC) + timedelta(minutes=10)
    skipped = await refresh_feeds(desk, desk.feeds())
    assert skipped.outcomes[0].status == "failed"
    assert "Not retried until" in (skipped.outcomes[0].error or "")
    assert server.hits("/flaky") == 2 and desk.feed(feed.id).failures == 2
    await refresh_feeds(desk, desk.feeds(), force=True)
    assert server.hits("/flaky") == 3 and desk.feed(feed.id).failures == 3


async def test_html_page_is_followed_to_its_feed(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    server.add("/blog", static(hostile.html_with_feed_link("/blog/feed.xml"), "text/html"))
    server.add("/blog/feed.xml", static(hostile.simple_rss(ITEMS), etag='"d"'))
    feed = desk.add_feed(server.url("/blog"))
    report = await refresh_feeds(desk, desk.feeds())
    assert (report.outcomes[0].status, report.outcomes[0].new) == ("updated", 3)
    assert desk.feed(feed.id).url == server.url("/blog/feed.xml")
    again = await refresh_feeds(desk, desk.feeds())
    assert again.outcomes[0].status == "not_modified"


async def test_html_page_without_feed_link_is_not_a_feed(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    feed = desk.add_feed(server.add("/page", static(hostile.NOT_A_FEED_HTML, "text/html")))
    report = await refresh_feeds(desk, desk.feeds())
    outcome = report.outcomes[0]
    assert outcome.status == "failed" and outcome.error.startswith("Not a feed")
    assert "no feed link" in outcome.error
    assert desk.feed(feed.id).error == outcome.error


async def test_one_failing_feed_never_stops_the_others(server: FeedServer, desk) -> None:  # type: ignore[no-untyped-def]
    good = [
        server.add(f"/ok{n}", static(hostile.simple_rss(ITEMS, guid_prefix=f"k{n}")))
        for n in range(4)
    ]
    bad = [
        server.add("/404", lambda h: send(h, 404, b"", "text/plain")),
        f"http://127.0.0.1:{free_port()}/refused",
        server.add("/junk", static(b"\x00\x01 not a feed", "application/octet-stream")),
    ]
    for url in good + bad:
        desk.add_feed(url)
    report = await refresh_feeds(desk, desk.feeds(), concurrency=3)
    by_url = {o.url: o for o in report.outcomes}
    assert all(by_url[u].status == "updated" and by_url[u].new == 3 for u in good)
    assert all(by_url[u].status == "failed" and by_url[u].error for u in bad)
    assert "\n" not in "".join(o.error or "" for o in report.outcomes)
    assert report.as_dict()["new"] == 12


async def test_local_files_refresh(tmp_path: Path, desk) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "feed.atom"
    path.write_bytes(fixture_bytes("atom10.xml"))
    desk.add_feed(path.as_uri())
    report = await refresh_feeds(desk, desk.feeds())
    assert (report.outcomes[0].status, report.outcomes[0].new) == ("updated", 3)
    again = await refresh_feeds(desk, desk.feeds())
    assert again.outcomes[0].status == "not_modified"  # the file's mtime is its validator
    before = path.stat().st_mtime_ns
    path.write_bytes(fixture_bytes("atom10.xml").replace(b"Xhtml body", b"Edited"))
    os.utime(path, ns=(before, before + 10**9))  # coarse clocks could repeat the old mtime
    edited = await refresh_feeds(desk, desk.feeds())
    assert (edited.outcomes[0].status, edited.outcomes[0].new) == ("updated", 0)
    assert "Edited" in {a.title for a in desk.articles()}


async def test_parsing_in_a_worker_process_gives_the_same_articles(
    server: FeedServer, desk
) -> None:  # type: ignore[no-untyped-def]
    server.add("/a", static(fixture_bytes("rss20_blog.xml")))
    desk.add_feed(server.url("/a"))
    report = await refresh_feeds(desk, desk.feeds(), parse_processes=1)
    assert report.outcomes[0].engine == "strict" and report.outcomes[0].new == 4
    assert {a.title for a in desk.articles()} >= {"Measuring rain with a bucket"}


async def test_retention_runs_after_refresh_and_keeps_what_the_feed_lists(
    server: FeedServer, desk
) -> None:  # type: ignore[no-untyped-def]
    many = [(f"Item {n}", f"https://simple.example/{n}") for n in range(6)]
    body = {"data": hostile.simple_rss(many)}
    server.add("/feed", lambda h: send(h, 200, body["data"], "application/rss+xml"))
    desk.add_feed(server.url("/feed"))
    policy = RetentionPolicy(max_per_feed=3, max_age_days=90)
    await refresh_feeds(desk, desk.feeds(), retention=policy)
    # only the newest three are stored although the feed lists six; listed ones never go
    assert sorted(a.title for a in desk.articles()) == ["Item 3", "Item 4", "Item 5"]
    body["data"] = hostile.simple_rss(many[:2])
    await refresh_feeds(desk, desk.feeds(), retention=policy)
    assert len(desk.articles()) == 3


HOSTILE_RUN = textwrap.dedent(r"""
    import asyncio, json, resource, sys
    from newsdesk.store import open_store
    from newsdesk.core.refresh import refresh_feeds

    urls = json.loads(sys.argv[2])
    store = open_store(sys.argv[1])
    for url in urls:
        store.add_feed(url)
    report = asyncio.run(refresh_feeds(store, store.feeds(), deadline=3.0))
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"report": report.as_dict(), "peak_kb": peak, "seconds": report.seconds}))
""")


def test_every_hostile_feed_in_one_refresh(
    server: FeedServer, gzip_bomb: bytes, tmp_path: Path
) -> None:
    def path(name: str, body: bytes, kind: str = "application/rss+xml") -> str:
        return server.add(f"/{name}", static(body, kind))

    good = [path(f"good{n}", hostile.simple_rss(ITEMS, guid_prefix=f"ok{n}")) for n in range(3)]
    hostile_urls = {
        "404": server.add("/404", lambda h: send(h, 404, b"", "text/plain")),
        "410": server.add("/410", lambda h: send(h, 410, b"", "text/plain")),
        "500": server.add("/500", lambda h: send(h, 500, b"", "text/plain")),
        "refused": f"http://127.0.0.1:{free_port()}/x",
        "dribble": server.add("/dribble", dribble(30)),
        "loop": server.add("/loop", redirect(302, "/loop2")),
        "html": path("html", hostile.NOT_A_FEED_HTML, "text/html"),
        "laughs": path("laughs", hostile.BILLION_LAUGHS),
        "quadratic": path("quadratic", hostile.quadratic_blowup()),
        "xxe": path("xxe", hostile.xxe(server.url("/secret"))),
        "50mb": server.add("/50mb", huge(50 * 1024 * 1024)),
        "bomb": server.add("/bomb", gzipped(gzip_bomb)),
    }
    server.add("/loop2", redirect(302, "/loop"))
    accepted = {
        "encoding": path("encoding", hostile.WRONG_ENCODING_FEED),
        "markup": path("markup", hostile.MARKUP_FEED),
        "links": path("links", hostile.UNSAFE_LINKS_FEED),
    }
    script = tmp_path / "run.py"
    script.write_text(HOSTILE_RUN)
    urls = good + list(hostile_urls.values()) + list(accepted.values())
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "desk.json"), json.dumps(urls)],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},  # this checkout
    )
    result = json.loads(out.stdout)
    by_url = {f["url"]: f for f in result["report"]["feeds"]}
    assert len(by_url) == len(urls)
    for url in good:
        assert by_url[url]["status"] == "updated" and by_url[url]["new"] == 3
    for name, url in hostile_urls.items():
        outcome = by_url[url]
        assert outcome["status"] == "failed", (name, outcome)
        assert outcome["error"] and "\n" not in outcome["error"], (name, outcome)
    for name, url in accepted.items():
        assert by_url[url]["status"] == "updated", (name, by_url[url])
    assert server.hits("/secret") == 0  # the XXE target was never requested
    assert result["peak_kb"] < 300 * 1024, result["peak_kb"]
    assert result["seconds"] < 20


async def test_an_unexpected_parser_error_costs_only_that_feed(
    server: FeedServer, desk, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import newsdesk.core.parse as parse_module

    real = parse_module.parse_feed

    def flaky(data: bytes, url: str = "", content_type: str = ""):  # type: ignore[no-untyped-def]
        if url.endswith("/boom"):
            raise RuntimeError("parser bug")
        return real(data, url, content_type)

    monkeypatch.setattr(parse_module, "parse_feed", flaky)
    boom = server.add("/boom", static(hostile.simple_rss(ITEMS)))
    fine = server.add("/fine", static(hostile.simple_rss(ITEMS, guid_prefix="f")))
    desk.add_feed(boom)
    desk.add_feed(fine)
    report = await refresh_feeds(desk, desk.feeds())
    by_url = {o.url: o for o in report.outcomes}
    assert by_url[fine].status == "updated"
    assert by_url[boom].status == "failed" and "RuntimeError: parser bug" in by_url[boom].error
