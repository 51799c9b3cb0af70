"""The parse worker process: same results and errors as parsing in a thread, a dead worker
costs nothing but speed, and the process that stores never loads the parsers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import hostile
import pytest
from feedserver import FeedServer, fixture_bytes, static

from newsdesk.core.errors import ParseError
from newsdesk.core.parse import parse_feed
from newsdesk.core.parse_pool import ParsePool

FEED = fixture_bytes("rss20_blog.xml")
ROOT = Path(__file__).resolve().parents[2]  # this checkout, not an installed newsdesk


async def test_the_worker_gives_what_parse_feed_gives() -> None:
    pool = ParsePool(1)
    try:
        parsed = await pool.parse(FEED, "https://blog.example/feed", "application/rss+xml")
        with pytest.raises(ParseError) as raised:
            await pool.parse(hostile.NOT_A_FEED_HTML, "https://blog.example/", "text/html")
        assert pool.workers, "the feeds were parsed in a thread, not a worker"
    finally:
        await pool.aclose()
    assert parsed == parse_feed(FEED, "https://blog.example/feed", "application/rss+xml")
    with pytest.raises(ParseError) as expected:
        parse_feed(hostile.NOT_A_FEED_HTML, "https://blog.example/", "text/html")
    assert raised.value.message == expected.value.message


async def test_a_killed_worker_sends_the_feeds_to_a_thread() -> None:
    pool = ParsePool(1)
    try:
        await pool.parse(FEED, "https://blog.example/feed", "")
        worker = pool.workers[0]
        worker.process.kill()
        await worker.process.wait()
        again = await pool.parse(FEED, "https://blog.example/feed", "")
        assert len(again.entries) == 4
        assert pool.processes == 0  # threads from now on
    finally:
        await pool.aclose()


async def test_the_worker_ends_when_the_pool_closes() -> None:
    pool = ParsePool(1)
    await pool.parse(FEED, "https://blog.example/feed", "")
    process = pool.workers[0].process
    await pool.aclose()
    assert process.returncode == 0


STORING_PROCESS = textwrap.dedent(r"""
    import asyncio, json, sys
    from newsdesk.store import open_store
    from newsdesk.core.refresh import refresh_feeds

    store = open_store(sys.argv[1])
    store.add_feed(sys.argv[2])
    report = asyncio.run(refresh_feeds(store, store.feeds(), parse_processes=1))
    store.close()
    loaded = sorted(m for m in ("lxml", "feedparser", "newsdesk.core.parse") if m in sys.modules)
    print(json.dumps({"new": report.new, "loaded": loaded}))
""")


def test_the_storing_process_never_loads_the_parsers(server: FeedServer, tmp_path: Path) -> None:
    url = server.add("/a", static(FEED))
    script = tmp_path / "run.py"
    script.write_text(STORING_PROCESS)
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "desk.json"), url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert json.loads(out.stdout) == {"new": 4, "loaded": []}


async def test_a_refresh_where_every_feed_is_unchanged_starts_no_worker(
    server: FeedServer, desk, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.core import parse_pool
    from newsdesk.core.refresh import refresh_feeds

    started: list[object] = []
    real_start = parse_pool.ParseWorker.start

    async def start() -> parse_pool.ParseWorker:
        worker = await real_start()
        started.append(worker)
        return worker

    monkeypatch.setattr(parse_pool.ParseWorker, "start", start)
    desk.add_feed(server.add("/a", static(FEED, etag='"v1"')))
    first = await refresh_feeds(desk, desk.feeds(), parse_processes=1)
    assert first.outcomes[0].status == "updated" and len(started) == 1
    again = await refresh_feeds(desk, desk.feeds(), parse_processes=1)
    assert again.outcomes[0].status == "not_modified"
    assert len(started) == 1, "a warm refresh started a parse worker"
