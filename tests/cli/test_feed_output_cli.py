"""`newsdesk refresh` and `feeds` text: notices are shown, feed strings are one clean line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import hostile  # noqa: E402
from feedserver import FeedServer, redirect, static  # noqa: E402

from newsdesk.cli import main  # noqa: E402
from newsdesk.store import open_store  # noqa: E402

HOSTILE_TITLE = "Harbour \x1b[2J\x1b]0;pwned\x07 \u202eswen Times"
ITEMS = [("One", "https://simple.example/1")]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "desk.json"


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), *args]) == 0
    return capsys.readouterr().out


def moved_feed(server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A feed that says it moved permanently to an address the refresh treats as private
    (the test server is all on 127.0.0.1, so "private" is decided by path here)."""
    import newsdesk.core.refresh as refresh

    monkeypatch.setattr(refresh, "is_private_host", lambda url: "/inside" in url)
    target = server.add("/inside/feed", static(hostile.simple_rss(ITEMS)))
    return server.add("/feed", redirect(301, target)), target


def test_refresh_prints_the_notice_of_a_move_it_did_not_follow(
    server: FeedServer,
    db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, target = moved_feed(server, monkeypatch)
    run(db, capsys, "add", url, "--no-fetch")
    out = run(db, capsys, "refresh").splitlines()
    [notice] = [line for line in out if line.startswith("notice: ")]
    assert notice.startswith(f"notice: {url}: The feed says it moved permanently to {target}")
    assert notice.endswith("the subscription keeps its address")
    assert out[-1].startswith("1 feed: 1 updated")
    [row] = json.loads(run(db, capsys, "feeds", "--json"))["feeds"]
    assert row["url"] == url  # the move was not followed
    data = json.loads(run(db, capsys, "refresh", "--json"))
    assert target in data["feeds"][0]["notice"]


def test_feeds_and_refresh_print_no_escape_or_bidi_from_a_feed(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.add("/gone", static(b"gone", "text/plain", status=404))
    run(db, capsys, "add", url, "--no-fetch")
    store = open_store(db)  # a title and an error as a damaged or older desk may hold them
    [feed] = store.feeds()
    store.update_feed(feed.id, title=HOSTILE_TITLE, error="HTTP 500 \x1b[31mboom\u202e")
    store.close()
    listed = run(db, capsys, "feeds")
    refreshed = run(db, capsys, "refresh")
    for out in (listed, refreshed):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Harbour swen Times" in out  # escape sequences go whole
    assert "error: HTTP 500 boom" in listed
    assert any(line.startswith("failed: Harbour swen Times: ") for line in refreshed.splitlines())
