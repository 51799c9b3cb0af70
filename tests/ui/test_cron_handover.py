"""Cron and the open desk: commands run while the desk is open are performed by the desk
(over its control socket) instead of failing on the lock, and the desk refreshes on a timer."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from desk_helpers import article_list, feed_list
from uikit import FIXED_NOW, SIZE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import hostile  # noqa: E402
from feedserver import FeedServer, static  # noqa: E402

from newsdesk.cli import main  # noqa: E402
from newsdesk.cli.handover import runner_for  # noqa: E402
from newsdesk.config import Config, RefreshSettings  # noqa: E402
from newsdesk.desk import Desk, open_desk  # noqa: E402
from newsdesk.desk.control import socket_path  # noqa: E402
from newsdesk.ui.app import NewsdeskApp  # noqa: E402

ITEMS = [("Cron one", "https://cron.example/1"), ("Cron two", "https://cron.example/2")]


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))


def desk_app(desk: Desk, config: Config | None = None) -> NewsdeskApp:
    return NewsdeskApp(desk, config=config, clock=lambda: FIXED_NOW, control=runner_for)


def newsdesk_process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`newsdesk --db DB ARGS` as cron runs it: another process, no terminal."""
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NEWSDESK_CONFIG": str(db.parent / "no-config.toml")},
    )


def titles(app: NewsdeskApp) -> list[str]:
    return [a.title for a in article_list(app).articles]


async def test_refresh_from_cron_is_performed_by_the_open_desk(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    desk.store.add_feed(url)
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        assert titles(app) == []
        done = await asyncio.to_thread(newsdesk_process, db, "refresh", "--json")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert set(report) == {"feeds", "new"}
        assert report["new"] == 2
        [row] = report["feeds"]
        assert set(row) == {"url", "status", "new", "error"}
        assert (row["url"], row["status"], row["new"], row["error"]) == (url, "updated", 2, None)
        assert sorted(titles(app)) == ["Cron one", "Cron two"]
    desk.close()
    # performed and flushed by the desk: the file holds it once the command returned
    reread = open_desk(db, readonly=True)
    assert sorted(a.title for a in reread.articles()) == ["Cron one", "Cron two"]


async def test_add_from_the_command_line_subscribes_in_the_open_desk(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS, "Handed")))
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        done = await asyncio.to_thread(newsdesk_process, db, "add", url, "--tag", "cron")
        await pilot.pause()
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"Added Handed ({url}): 2 articles"
        assert [(f.url, f.tags) for f in desk.feeds()] == [(url, ("cron",))]
        assert sorted(titles(app)) == ["Cron one", "Cron two"]
        # a failure comes back with the same message and status as from a closed desk
        done = await asyncio.to_thread(newsdesk_process, db, "remove", "nowhere")
        assert done.returncode == 2
        assert done.stderr.startswith("newsdesk: Nothing done: No feed with URL or id nowhere")
        assert done.stdout == ""
    desk.close()


async def test_mark_from_the_command_line_marks_in_the_open_desk(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS, "Handed")))
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    await desk.add_feed(url)
    first = next(a for a in desk.articles() if a.title == "Cron one")
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        done = await asyncio.to_thread(newsdesk_process, db, "mark", first.id, "--read")
        await pilot.pause()
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "Marked 1 article read."
        assert desk.require_article(first.id).read
        listed = next(a for a in article_list(app).articles if a.id == first.id)
        assert listed.read  # the open desk shows it
    desk.close()


async def test_import_reads_a_relative_path_from_where_the_command_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "subs.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="A" type="rss" xmlUrl="https://a.example/feed"/></body></opml>'
    )
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.chdir(work)
        status = await asyncio.to_thread(main, ["--db", str(db), "import", "subs.opml"])
        await pilot.pause()
        assert status == 0, capsys.readouterr().err
        assert [f.url for f in desk.feeds()] == ["https://a.example/feed"]
        assert [e.label for e in feed_list(app).entries if e.kind == "feed"] != []
    desk.close()


async def test_read_only_commands_read_the_file_while_the_desk_is_open(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    desk.store.add_feed("https://ro.example/feed")
    desk.flush()
    app = desk_app(desk)
    async with app.run_test(size=SIZE):
        feeds = await asyncio.to_thread(newsdesk_process, db, "feeds", "--json")
        assert feeds.returncode == 0, feeds.stderr
        urls = [r["url"] for r in json.loads(feeds.stdout)["feeds"]]
        assert urls == ["https://ro.example/feed"]
        stats = await asyncio.to_thread(newsdesk_process, db, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["feeds"] == 1
        opml = await asyncio.to_thread(newsdesk_process, db, "export-opml")
        assert opml.returncode == 0, opml.stderr
        assert "https://ro.example/feed" in opml.stdout
    desk.close()


async def test_the_socket_is_private_and_gone_when_the_desk_closes(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    app = desk_app(desk)
    async with app.run_test(size=SIZE):
        info = os.lstat(socket_path(db))
        assert stat.S_ISSOCK(info.st_mode)
        assert stat.S_IMODE(info.st_mode) == 0o600
    assert not socket_path(db).exists()
    desk.close()


async def test_a_stale_socket_file_is_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    db = tmp_path / "desk.json"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(socket_path(db)))  # bound, never listening: a desk that was killed
    stale.close()
    assert socket_path(db).exists()
    desk = open_desk(db)
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        assert app.control is not None and app.control.serving
        status = await asyncio.to_thread(
            main, ["--db", str(db), "add", "--no-fetch", "https://stale.example/feed"]
        )
        await pilot.pause()
        assert status == 0, capsys.readouterr().err
        assert [f.url for f in desk.feeds()] == ["https://stale.example/feed"]
    desk.close()


async def test_a_long_desk_path_still_gets_a_socket(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    db = deep / "desk.json"
    desk = open_desk(db)
    app = desk_app(desk)
    async with app.run_test(size=SIZE):
        status = await asyncio.to_thread(
            main, ["--db", str(db), "add", "--no-fetch", "https://long.example/feed"]
        )
        assert status == 0, capsys.readouterr().err
        assert [f.url for f in desk.feeds()] == ["https://long.example/feed"]
    desk.close()


async def test_the_timed_refresh_fetches_and_says_when_the_next_is_due(
    tmp_path: Path, server: FeedServer
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    desk = open_desk(tmp_path / "desk.json")
    desk.store.add_feed(url)
    config = replace(Config(), refresh=replace(RefreshSettings(), every=1800.0))
    app = desk_app(desk, config)
    async with app.run_test(size=SIZE) as pilot:
        due = FIXED_NOW + timedelta(minutes=30)
        assert app.next_refresh == due
        assert (
            feed_list(app).border_title == f"Feeds · unread · next refresh {due.astimezone():%H:%M}"
        )
        assert titles(app) == []
        app.refresh_tick()  # what the timer calls when the interval is up
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(titles(app)) == ["Cron one", "Cron two"]
    desk.close()


async def test_no_timer_and_plain_title_when_every_is_off(tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.json")
    app = desk_app(desk)
    async with app.run_test(size=SIZE):
        assert app.next_refresh is None
        assert feed_list(app).border_title == "Feeds · unread"
    desk.close()


def test_a_display_hook_that_fails_never_fails_the_handed_over_command() -> None:
    """The desk may quit while cron's refresh runs in it: its widgets are gone and showing
    progress raises (the caller was answered "NoMatches" and its refresh dropped)."""
    from textual.css.query import NoMatches

    from newsdesk.desk.control import DeskHooks

    def gone(*_: object) -> None:
        raise NoMatches("No nodes match '#status-line'")

    hooks = DeskHooks(refresh_started=gone, changed=gone)
    hooks.refresh_started(3)  # nothing raised
    hooks.changed("newsdesk refresh")


async def test_the_reader_lets_go_of_an_article_cron_removed(
    tmp_path: Path, server: FeedServer
) -> None:
    """cron's `remove` took the open article's feed away: the reader still showed it, and
    `s`/`m` (meant for it) fell on the row the rebuilt list's cursor landed on."""
    gone_url = server.add("/gone", static(hostile.simple_rss(ITEMS, "Gone")))
    kept_url = server.add(
        "/kept", static(hostile.simple_rss([("Kept one", "https://kept.example/1")], "Kept"))
    )
    db = tmp_path / "desk.json"
    desk = open_desk(db)
    await desk.add_feed(gone_url)
    await desk.add_feed(kept_url)
    app = desk_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = article_list(app)
        rows.move_to(next(i for i, a in enumerate(rows.articles) if a.title == "Cron one"))
        await pilot.press("enter")
        await pilot.pause()
        rows.focus()
        done = await asyncio.to_thread(newsdesk_process, db, "remove", gone_url)
        await pilot.pause()
        assert done.returncode == 0, done.stderr
        assert app.desk_screen.open_id is None  # what acts on "the open article" has none
        from desk_helpers import painted_text, reader

        assert "removed from the desk" in painted_text(app, reader(app))
        assert "Cron one" not in painted_text(app, reader(app))
    desk.close()
