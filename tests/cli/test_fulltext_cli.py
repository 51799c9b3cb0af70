"""`newsdesk fulltext`, `add --full-text` and `set-feed` against a real local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feedserver import FeedServer, static
from summaryfeed import STORIES, page_path, serve_summary_feed

from newsdesk.cli import main
from newsdesk.desk import open_desk


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "desk.json"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_fulltext_json_gives_one_object_per_article_and_keeps_failures(
    db: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve_summary_feed(server)
    assert run(db, "add", url) == 0
    server.add(page_path(STORIES[1]), static(b"gone", "text/plain", status=404))
    capsys.readouterr()
    assert run(db, "fulltext", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {tuple(sorted(r)) for r in rows} == {("error", "extractor", "id", "status", "url")}
    by_url = {r["url"]: r for r in rows}
    ok, failed = (
        by_url[server.url(page_path(STORIES[0]))],
        by_url[server.url(page_path(STORIES[1]))],
    )
    assert ok["status"] == "fetched" and ok["error"] is None and ok["extractor"]
    assert failed["status"] == "failed" and failed["error"] == "HTTP 404 Not Found"
    # a second run fetches only what is still missing
    assert run(db, "fulltext", "--json") == 0
    again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["url"] for r in again] == [failed["url"]]
    assert server.hits(page_path(STORIES[0])) == 1


def test_fulltext_prints_a_summary_and_honours_feed_and_limit(
    db: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve_summary_feed(server)
    assert run(db, "add", url) == 0
    capsys.readouterr()
    assert run(db, "fulltext", "--feed", url, "--limit", "1") == 0
    assert capsys.readouterr().out.strip() == "Full text: 1 fetched, 0 failed"
    assert run(db, "fulltext") == 0
    assert capsys.readouterr().out.strip() == "Full text: 1 fetched, 0 failed"
    assert run(db, "fulltext") == 0
    assert capsys.readouterr().out.strip() == "Every article has its full text already."


def test_fulltext_of_an_unknown_feed_is_refused(db: Path, server: FeedServer) -> None:
    assert run(db, "add", serve_summary_feed(server)) == 0
    assert run(db, "fulltext", "--feed", "https://nowhere.example/rss") == 2


def test_add_full_text_marks_the_feed_and_fetches_its_articles(
    db: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "add", serve_summary_feed(server), "--full-text") == 0
    out = capsys.readouterr().out
    assert "Full text: 2 fetched, 0 failed" in out
    desk = open_desk(db, readonly=True)
    try:
        (feed,) = desk.feeds()
        assert feed.full_text
        assert all(a.has_full for a in desk.articles())
        first = next(a for a in desk.articles() if a.link.endswith(page_path(STORIES[0])))
        opened = desk.open_article(first.id, mark_read=False)
        assert opened.version == "full" and "coastal resilience fund" in opened.rendered.text
    finally:
        desk.close()


def test_set_feed_switches_full_text_and_renames_and_tags(
    db: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = serve_summary_feed(server)
    assert run(db, "add", url, "--no-fetch") == 0
    assert run(db, "set-feed", url, "--full-text", "--title", "Briefs", "--tag", "local") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (f"Briefs ({url}): full text on, tags local")
    assert run(db, "refresh") == 0
    assert "Full text: 2 fetched, 0 failed" in capsys.readouterr().out
    assert run(db, "set-feed", url, "--no-full-text") == 0
    assert "full text off" in capsys.readouterr().out
    assert run(db, "set-feed", url) == 2  # nothing to change
    assert run(db, "set-feed", "https://nowhere.example/rss", "--full-text") == 2
