"""The `a`, `d`, `i` and `e` keys and the matching commands are one use case each: the same
input leaves the same desk (or the same file) whichever front end was used."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from desk_helpers import notifications, select_feed_entry
from uikit import SIZE, make_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import hostile  # noqa: E402
from feedserver import FeedServer, static  # noqa: E402

from newsdesk.cli import main  # noqa: E402
from newsdesk.core.refresh import FeedOutcome, RefreshReport  # noqa: E402
from newsdesk.desk import Desk  # noqa: E402
from newsdesk.store import open_store  # noqa: E402

ITEMS = [("One", "https://a.example/1"), ("Two", "https://a.example/2")]


async def cli(argv: list[str]) -> int:
    """`newsdesk ARGS` in a thread: the command runs its own event loop, as from a shell."""
    return await asyncio.to_thread(main, argv)


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))


def desk_state(path: Path) -> tuple[list[tuple[str, tuple[str, ...], str]], list[str]]:
    store = open_store(path, readonly=True)
    try:
        feeds = sorted((f.url, f.tags, f.last_status) for f in store.feeds())
        titles = sorted(a.title for a in store.articles())
        return feeds, titles
    finally:
        store.close()


async def add_with_keys(path: Path, typed: str, tags: str = "") -> list[str]:
    """Press `a`, type the address and tags, enter; returns the toasts shown after."""
    store = open_store(path)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#add-feed-url").value = typed
        app.screen.query_one("#add-feed-tags").value = tags
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = notifications(app)
    store.close()
    return shown


async def test_a_and_add_subscribe_the_same_way(tmp_path: Path, server: FeedServer) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    by_keys, by_cli = tmp_path / "keys.json", tmp_path / "cli.json"
    shown = await add_with_keys(by_keys, url, "news, world")
    assert await cli(["--db", str(by_cli), "add", url, "--tag", "news", "--tag", "world"]) == 0
    assert desk_state(by_keys) == desk_state(by_cli)
    assert desk_state(by_keys)[0] == [(url, ("news", "world"), "updated")]
    assert any("Added Simple" in n for n in shown)


async def test_a_failed_first_fetch_adds_nothing_from_either_front_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`example.invalid/feed` means https://example.invalid/feed to both; its fetch fails
    (faked here: tests never reach the internet) and neither front end keeps the feed."""
    asked: list[str] = []

    async def failing(self, feed_ids=None, **options):  # type: ignore[no-untyped-def]
        feeds = [self.feed(i) for i in feed_ids]
        asked.extend(f.url for f in feeds)
        return RefreshReport(
            [FeedOutcome(f.id, f.url, "failed", 0, "Host not found") for f in feeds]
        )

    monkeypatch.setattr(Desk, "refresh", failing)
    by_keys, by_cli = tmp_path / "keys.json", tmp_path / "cli.json"
    shown = await add_with_keys(by_keys, "example.invalid/feed")
    assert await cli(["--db", str(by_cli), "add", "example.invalid/feed"]) == 2
    error = capsys.readouterr().err
    assert asked == ["https://example.invalid/feed"] * 2
    assert desk_state(by_keys) == desk_state(by_cli) == ([], [])
    expected = "https://example.invalid/feed: Host not found. Nothing was added"
    assert expected in error
    assert any(expected in n and n.startswith("Feed not added") for n in shown)


async def test_d_and_remove_leave_the_same_desk(tmp_path: Path, server: FeedServer) -> None:
    keep = server.add("/keep", static(hostile.simple_rss(ITEMS, "Keep", "k")))
    drop = server.add("/drop", static(hostile.simple_rss(ITEMS, "Drop", "d")))
    paths = [tmp_path / "keys.json", tmp_path / "cli.json"]
    for path in paths:
        for url in (keep, drop):
            assert await cli(["--db", str(path), "add", url]) == 0
    assert await cli(["--db", str(paths[1]), "remove", drop]) == 0

    store = open_store(paths[0])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await select_feed_entry(pilot, "Drop")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    store.close()
    assert desk_state(paths[0]) == desk_state(paths[1])
    assert [f[0] for f in desk_state(paths[0])[0]] == [keep]


async def test_i_and_import_subscribe_to_the_same_feeds(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example/feed"/>'
        "</outline>"
        '<outline type="rss" text="B" xmlUrl="https://b.example/rss"/>'
        '<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    by_keys, by_cli = tmp_path / "keys.json", tmp_path / "cli.json"
    assert await cli(["--db", str(by_cli), "import", str(opml)]) == 0

    store = open_store(by_keys)
    app = make_app(store)
    app.desk.refresh = lambda *a, **k: _no_refresh()  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(opml)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    store.close()
    assert desk_state(by_keys) == desk_state(by_cli)
    assert [(u, t) for u, t, _ in desk_state(by_keys)[0]] == [
        ("https://a.example/feed", ("News",)),
        ("https://b.example/rss", ()),
    ]


async def _no_refresh() -> RefreshReport:
    return RefreshReport()


async def test_e_and_notes_export_write_the_same_markdown(sample_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = sample_store.articles()[0]
    desk = Desk(sample_store)
    highlight = desk.add_highlight(article.id, "A sentence worth keeping.", 0, 10)
    desk.save_note(article.id, highlight.id, "**why** it matters")
    sample_store.flush()
    by_keys = tmp_path / "keys.md"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(by_keys)
        await pilot.press("enter")
        await pilot.pause()
    sample_store.flush()
    by_cli = tmp_path / "cli.md"
    assert await cli(["--db", str(sample_store.path), "notes", "export", "--out", str(by_cli)]) == 0

    def body(path: Path) -> list[str]:  # the export's own timestamp line differs
        return [line for line in path.read_text().splitlines() if "Exported" not in line]

    assert body(by_keys) == body(by_cli)
    assert "**why** it matters" in by_keys.read_text()
