"""The feed commands: add, remove, feeds, import, export-opml, refresh; output and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import hostile  # noqa: E402
from feedserver import FeedServer, fixture_bytes, free_port, redirect, send, static  # noqa: E402

from newsdesk.cli import main  # noqa: E402

ITEMS = [("One", "https://simple.example/1"), ("Two", "https://simple.example/2")]
SUMMARY = re.compile(
    r"^\d+ feeds?: \d+ updated, \d+ unchanged, \d+ failed, \d+ new articles? "
    r"in \d+\.\d s$"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "desk.json"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def cli(
    db: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def feeds_json(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run(db, "feeds", "--json") == 0
    return list(json.loads(capsys.readouterr().out)["feeds"])


def test_add_fetches_and_lists(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    assert run(db, "add", url, "--tag", "news", "--tag", "daily") == 0
    assert "Added Simple" in capsys.readouterr().out
    [row] = feeds_json(db, capsys)
    assert row["url"] == url and row["title"] == "Simple" and row["unread"] == 2
    assert row["status"] == "updated" and row["error"] is None
    assert row["tags"] == ["news", "daily"]
    assert run(db, "add", url) == 0
    assert "Already subscribed" in capsys.readouterr().out


def test_adding_a_subscribed_feed_with_new_tags_says_how_to_change_them(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    assert run(db, "add", url, "--tag", "news") == 0
    capsys.readouterr()
    assert run(db, "add", url, "--tag", "news") == 0  # nothing new asked: nothing more said
    assert capsys.readouterr().out.splitlines() == [f"Already subscribed: Simple ({url})"]
    # before: the tag was dropped without a word
    assert run(db, "add", url, "--tag", "late", "--tag", "news") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Already subscribed: Simple ({url})",
        f"Its tags are unchanged (news): newsdesk set-feed {url} --tag late --tag news "
        "replaces them.",
    ]
    [row] = feeds_json(db, capsys)
    assert row["tags"] == ["news"]


def test_add_follows_an_html_page_to_its_feed(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = server.add("/blog", static(hostile.html_with_feed_link("/blog/rss"), "text/html"))
    server.add("/blog/rss", static(hostile.simple_rss(ITEMS)))
    assert run(db, "add", page) == 0
    assert f"Found the feed at {server.url('/blog/rss')}" in capsys.readouterr().out
    assert [r["url"] for r in feeds_json(db, capsys)] == [server.url("/blog/rss")]
    # the same page again: the feed it led to is the one subscribed (it crashed)
    assert run(db, "add", page) == 0
    assert "Already subscribed" in capsys.readouterr().out
    assert [r["url"] for r in feeds_json(db, capsys)] == [server.url("/blog/rss")]


def test_add_of_a_page_leading_to_a_feed_subscribed_directly_says_already_subscribed(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = server.add("/news/rss", static(hostile.simple_rss(ITEMS)))
    page = server.add("/news", static(hostile.html_with_feed_link("/news/rss"), "text/html"))
    assert run(db, "add", feed, "--tag", "kept") == 0
    capsys.readouterr()
    # before: exit 2, "Duplicate: ... already subscribed. Nothing was added"
    assert run(db, "add", page) == 0
    captured = capsys.readouterr()
    assert f"Already subscribed: Simple ({feed})" in captured.out and captured.err == ""
    [row] = feeds_json(db, capsys)
    assert row["url"] == feed and row["tags"] == ["kept"] and row["unread"] == 2


def test_add_that_fails_adds_nothing_unless_no_fetch(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.add("/page", static(hostile.NOT_A_FEED_HTML, "text/html"))
    assert run(db, "add", url) == 2
    err = capsys.readouterr().err
    assert "Not a feed" in err and "--no-fetch" in err and len(err.strip().splitlines()) == 1
    assert feeds_json(db, capsys) == []
    assert run(db, "add", url, "--no-fetch") == 0
    [row] = feeds_json(db, capsys)
    assert row["status"] == "new" and row["unread"] == 0


def test_add_of_nothing_or_of_a_folder_says_which(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # "" named the folder the command ran in
    assert run(db, "add", "") == 2
    assert "Enter a feed URL or a file path." in capsys.readouterr().err
    assert run(db, "add", str(tmp_path)) == 2
    assert f"Is a folder: {tmp_path} (give the feed file in it)" in capsys.readouterr().err
    assert feeds_json(db, capsys) == []


def test_add_a_local_file_and_remove_by_url_and_id(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "atom.xml"
    path.write_bytes(fixture_bytes("atom10.xml"))
    assert run(db, "add", str(path)) == 0
    [row] = feeds_json(db, capsys)
    assert row["url"] == path.resolve().as_uri() and row["unread"] == 3
    assert run(db, "remove", str(row["id"])) == 0
    assert "and 3 of its 3 articles" in capsys.readouterr().out
    assert run(db, "add", str(path), "--no-fetch") == 0
    assert run(db, "remove", path.resolve().as_uri()) == 0
    assert feeds_json(db, capsys) == []
    assert run(db, "remove", "https://nowhere.example/") == 2
    assert "No feed with URL or id" in capsys.readouterr().err


def test_refresh_summary_line_and_json(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = server.add("/good", static(hostile.simple_rss(ITEMS), etag='"1"'))
    bad = server.add("/bad", lambda h: send(h, 404, b"", "text/plain"))
    refused = f"http://127.0.0.1:{free_port()}/x"
    for url in (good, bad, refused):
        assert run(db, "add", url, "--no-fetch") == 0
    capsys.readouterr()
    assert run(db, "refresh") == 0  # failed feeds do not make the run fail
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert lines[-1].startswith("3 feeds: 1 updated, 0 unchanged, 2 failed, 2 new articles")
    assert any("HTTP 404 Not Found" in line for line in lines[:-1])
    assert out.err == ""  # no progress bar when stderr is not a terminal
    assert run(db, "refresh", "--json", "--concurrency", "2") == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"feeds", "new"} and report["new"] == 0
    by_url = {f["url"]: f for f in report["feeds"]}
    assert by_url[good] == {"url": good, "status": "not_modified", "new": 0, "error": None}
    assert by_url[bad]["status"] == "failed" and by_url[bad]["error"] == "HTTP 404 Not Found"
    assert by_url[refused]["error"] == "Connection refused"
    for entry in report["feeds"]:
        assert set(entry) == {"url", "status", "new", "error"}
        assert entry["status"] in ("updated", "not_modified", "failed")


def test_refresh_updates_a_moved_feed(
    server: FeedServer, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add("/old", redirect(301, "/new"))
    server.add("/new", static(hostile.simple_rss(ITEMS)))
    assert run(db, "add", server.url("/old")) == 0
    assert [r["url"] for r in feeds_json(db, capsys)] == [server.url("/new")]


def test_import_and_export_opml(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="Tech">'
        '<outline text="A" xmlUrl="https://a.example/feed"/></outline>'
        '<outline text="B" xmlUrl="https://b.example/feed"/>'
        '<outline text="Bad" xmlUrl="ftp://c.example/feed"/></body></opml>'
    )
    assert run(db, "import", str(opml)) == 0
    captured = capsys.readouterr()
    assert "2 added, 0 skipped (already subscribed), 1 invalid" in captured.out
    assert "ftp://c.example/feed" in captured.err
    assert run(db, "import", str(opml)) == 0
    assert "0 added, 2 skipped" in capsys.readouterr().out
    assert run(db, "export-opml") == 0
    exported = capsys.readouterr().out
    assert 'xmlUrl="https://a.example/feed"' in exported and 'text="Tech"' in exported
    target = tmp_path / "out.opml"
    assert run(db, "export-opml", str(target)) == 0
    captured = capsys.readouterr()  # confirmed on stdout, like notes and claims exports
    assert captured.out == f"Wrote 2 feeds to {target}\n" and captured.err == ""
    other = tmp_path / "other.json"
    assert run(other, "import", str(target)) == 0
    assert {(r["url"], tuple(r["tags"])) for r in feeds_json(other, capsys)} == {
        ("https://a.example/feed", ("Tech",)),
        ("https://b.example/feed", ()),
    }


def test_import_of_a_file_that_is_not_xml_fails_clearly(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "subs.opml"
    bad.write_bytes(b"%PDF-1.4 definitely not xml")
    assert run(db, "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert "not OPML: it is not XML" in err and len(err.strip().splitlines()) == 1
    assert run(db, "import", str(tmp_path / "missing.opml")) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_import_of_an_address_says_it_takes_a_file(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import https://…` said "Cannot read https:/…": the address read as a path."""
    assert run(db, "import", "https://example.com/feeds.opml") == 2
    err = capsys.readouterr().err
    assert "import reads an OPML file, not an address" in err and "https:/e" not in err


@pytest.mark.parametrize("command", ["add", "remove", "feeds", "import", "export-opml", "refresh"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: newsdesk " + command in capsys.readouterr().out


def test_bad_arguments_exit_non_zero(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["refresh", "--concurrency", "0"],
        ["refresh", "--concurrency", "many"],
        ["add"],
        ["feeds", "--bogus"],
    ):
        with pytest.raises(SystemExit) as done:
            run(db, *args)
        assert done.value.code == 2
    assert run(db, "add", "ftp://x.example/feed") == 2
    assert "only http(s) URLs and files" in capsys.readouterr().err


def test_locked_and_corrupt_desks_are_fatal_with_the_reason(
    server: FeedServer,
    db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsdesk.cli as cli_module
    from newsdesk.store import open_store

    monkeypatch.setattr(cli_module, "COMMAND_WAIT", 0.2)  # a command holding it is waited for
    holder = open_store(db)
    try:
        assert run(db, "refresh") == 2
        err = capsys.readouterr().err
        assert "still in use by PID" in err and "after waiting 0.2 s" in err
    finally:
        holder.close()
    db.write_text("{ not json")
    done = cli(db, "refresh", "--json")
    assert done.returncode != 0 and "not valid JSON" in done.stderr and done.stdout == ""


def test_refresh_as_a_subprocess_exits_zero_with_failures(server: FeedServer, db: Path) -> None:
    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    assert cli(db, "add", url, "--no-fetch").returncode == 0
    assert cli(db, "add", server.url("/missing"), "--no-fetch").returncode == 0
    done = cli(db, "refresh")
    assert done.returncode == 0, done.stderr
    assert SUMMARY.match(done.stdout.strip().splitlines()[-1])
    assert "1 updated" in done.stdout and "1 failed" in done.stdout and done.stderr == ""


def test_progress_bar_only_when_stderr_is_a_terminal(server: FeedServer, db: Path) -> None:
    import pty

    url = server.add("/feed", static(hostile.simple_rss(ITEMS)))
    assert cli(db, "add", url, "--no-fetch").returncode == 0
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "newsdesk", "--db", str(db), "refresh"],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=60,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        )
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    assert b"Refreshing" in shown
    assert "Refreshing" not in done.stdout and SUMMARY.match(done.stdout.strip())


def test_demo_with_a_command_is_refused_and_the_desk_left_alone(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "atom.xml"
    path.write_bytes(fixture_bytes("atom10.xml"))
    assert run(db, "--demo", "add", str(path)) == 2
    assert "--demo" in capsys.readouterr().err
    assert not db.exists() or feeds_json(db, capsys) == []
