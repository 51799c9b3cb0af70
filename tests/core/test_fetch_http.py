"""Fetching against a real HTTP server on 127.0.0.1: statuses, redirects, caps, deadlines."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from feedserver import FeedServer, dribble, free_port, gzipped, huge, redirect, send, static

from newsdesk import __version__
from newsdesk.core.errors import FetchError
from newsdesk.core.fetch import FeedGoneError, fetch_http, make_client

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"


async def fetch(url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    async with make_client() as client:
        return await fetch_http(client, url, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (403, "HTTP 403 Forbidden"),
    ],
)
async def test_http_errors_read_as_one_line(server: FeedServer, status: int, message: str) -> None:
    url = server.add("/e", lambda h: send(h, status, b"<h1>no</h1>", "text/html"))
    with pytest.raises(FetchError) as caught:
        await fetch(url)
    assert str(caught.value) == message


async def test_gone_is_its_own_error(server: FeedServer) -> None:
    url = server.add("/gone", lambda h: send(h, 410, b"gone", "text/plain"))
    with pytest.raises(FeedGoneError, match="HTTP 410 Gone"):
        await fetch(url)


async def test_connection_refused() -> None:
    with pytest.raises(FetchError) as caught:
        await fetch(f"http://127.0.0.1:{free_port()}/feed")
    assert str(caught.value) == "Connection refused"


async def test_dribbling_server_fails_at_the_whole_request_deadline(server: FeedServer) -> None:
    url = server.add("/slow", dribble(60))
    with pytest.raises(FetchError) as caught:
        await fetch(url, deadline=2.0)
    assert str(caught.value) == "Timed out after 2 s"  # the deadline, not a read timeout
    assert server.answered == 0  # the 60-byte dribble was cut short


async def test_redirect_loop(server: FeedServer) -> None:
    url = server.add("/a", redirect(302, "/b"))
    server.add("/b", redirect(307, "/a"))
    with pytest.raises(FetchError, match="Too many redirects"):
        await fetch(url)


@pytest.mark.parametrize("location", ["javascript:alert(1)", "file:///etc/passwd", "data:,x"])
async def test_redirect_to_a_non_http_address_is_a_fetch_error_not_a_crash(
    server: FeedServer, location: str
) -> None:
    url = server.add("/jump", redirect(302, location))
    with pytest.raises(FetchError, match="not http"):
        await fetch(url)


async def test_more_than_five_redirects(server: FeedServer) -> None:
    for n in range(7):
        server.add(f"/r{n}", redirect(302, f"/r{n + 1}"))
    server.add("/r7", static(FEED))
    with pytest.raises(FetchError, match=r"Too many redirects \(more than 5\)"):
        await fetch(server.url("/r0"))
    assert (await fetch(server.url("/r2"))).status == 200  # five hops is allowed


@pytest.mark.parametrize(
    ("status", "permanent"), [(301, True), (308, True), (302, False), (307, False)]
)
async def test_permanent_redirects_report_the_new_address(
    server: FeedServer, status: int, permanent: bool
) -> None:
    url = server.add("/old", redirect(status, "/new"))
    server.add("/new", static(FEED))
    result = await fetch(url)
    assert result.content == FEED and result.url == server.url("/new")
    assert result.permanent_url == (server.url("/new") if permanent else None)


async def test_a_temporary_hop_before_a_permanent_one_keeps_the_address(server: FeedServer) -> None:
    url = server.add("/t", redirect(302, "/p"))
    server.add("/p", redirect(301, "/final"))
    server.add("/final", static(FEED))
    assert (await fetch(url)).permanent_url is None


async def test_conditional_get_sends_validators_and_gets_304(server: FeedServer) -> None:
    url = server.add("/c", static(FEED, etag='"v1"', last_modified=True))
    first = await fetch(url)
    assert first.etag == '"v1"' and first.last_modified
    second = await fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.status == 304
    headers = server.log[-1][1]
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == first.last_modified


async def test_a_304_to_a_request_without_validators_is_an_error(server: FeedServer) -> None:
    """A server answering 304 to a request that sent no etag or date: taken as "unchanged",
    `add` subscribed an empty feed with exit 0, and refreshes never fetched it."""
    url = server.add("/always304", static(b"", status=304))
    with pytest.raises(FetchError, match="304 Not Modified to a request for the whole feed"):
        await fetch(url)


async def test_one_client_keeps_connections_alive_across_304s_and_redirects(
    server: FeedServer,
) -> None:
    url = server.add("/c", static(FEED, etag='"v1"'))
    moved = server.add("/m", redirect(302, "/c"))
    async with make_client() as client:
        for _ in range(5):
            assert (await fetch_http(client, url, etag='"v1"')).not_modified
            assert (await fetch_http(client, moved)).content == FEED
    assert server.connections == 1


async def test_request_headers_name_newsdesk_and_ask_for_gzip(server: FeedServer) -> None:
    url = server.add("/h", static(FEED))
    await fetch(url)
    headers = server.log[-1][1]
    assert f"newsdesk/{__version__}" in headers["user-agent"]
    assert headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("coding", ["gzip", "deflate-zlib", "deflate-raw"])
async def test_compressed_bodies_are_decoded(server: FeedServer, coding: str) -> None:
    body = FEED * 2000
    if coding == "gzip":
        payload, header = gzip.compress(body), "gzip"
    elif coding == "deflate-zlib":
        payload, header = zlib.compress(body), "deflate"
    else:
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        payload, header = packer.compress(body) + packer.flush(), "deflate"
    url = server.add(
        "/z", lambda h: send(h, 200, payload, "application/rss+xml", {"Content-Encoding": header})
    )
    assert (await fetch(url)).content == body


async def test_truncated_gzip_is_an_error(server: FeedServer) -> None:
    url = server.add("/cut", gzipped(gzip.compress(FEED * 500)[:-40]))
    with pytest.raises(FetchError, match="Corrupt compressed response"):
        await fetch(url)


@pytest.mark.parametrize("unsized", [False, True], ids=["content-length", "no-length"])
async def test_fifty_megabyte_feed_is_capped(server: FeedServer, unsized: bool) -> None:
    url = server.add("/big", huge(50 * 1024 * 1024, unsized=unsized))
    with pytest.raises(FetchError) as caught:
        await fetch(url)
    assert str(caught.value) == "Feed too large: over 20 MB"


async def test_gzip_bomb_is_capped_on_decoded_bytes(server: FeedServer, gzip_bomb: bytes) -> None:
    url = server.add("/bomb", gzipped(gzip_bomb))
    with pytest.raises(FetchError, match="Feed too large: over 20 MB"):
        await fetch(url)


async def test_size_cap_is_configurable(server: FeedServer) -> None:
    url = server.add("/mid", static(FEED * 100))
    with pytest.raises(FetchError, match="Feed too large: over 1000 bytes"):
        await fetch(url, max_bytes=1000)


BOMB_PROBE = r"""
import asyncio, json, resource, sys
from newsdesk.core.fetch import fetch_http, make_client
from newsdesk.core.errors import FetchError

async def main():
    async with make_client() as client:
        await fetch_http(client, sys.argv[1])           # warm: imports, pools, buffers
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            await fetch_http(client, sys.argv[2])
            error = None
        except FetchError as caught:
            error = str(caught)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"error": error, "delta_kb": after - before}))

asyncio.run(main())
"""


def test_gzip_bomb_adds_under_30_mb_of_memory(
    server: FeedServer, gzip_bomb: bytes, tmp_path: Path
) -> None:
    warm = server.add("/warm", gzipped(gzip.compress(FEED * 3000)))
    bomb = server.add("/bomb", gzipped(gzip_bomb))
    probe = tmp_path / "probe.py"
    probe.write_text(BOMB_PROBE)
    out = subprocess.run(
        [sys.executable, str(probe), warm, bomb],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["error"] == "Feed too large: over 20 MB"
    assert report["delta_kb"] < 30 * 1024, report
