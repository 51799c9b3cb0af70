"""`newsdesk stats --json` prints exactly the seven counts, right, even while the desk is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.core.models import Highlight, Note
from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store

KEYS = {"feeds", "articles", "unread", "starred", "highlights", "notes", "failed_feeds"}
EXPECTED = {
    "feeds": 3,
    "articles": 7,
    "unread": 4,
    "starred": 2,
    "highlights": 3,
    "notes": 1,
    "failed_feeds": 1,
}


def _items(prefix: str, n: int) -> list[ArticleInput]:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    return [
        ArticleInput(
            guid=f"{prefix}-{i}",
            title=f"{prefix} {i}",
            link="",
            author="",
            published=start + timedelta(hours=i),
            updated=None,
            summary="",
            body=f"<p>{prefix} {i}</p>",
        )
        for i in range(n)
    ]


def _build(path: Path):  # type: ignore[no-untyped-def]
    store = open_store(path)
    a = store.add_feed("https://a.example/feed", "A")
    b = store.add_feed("https://b.example/feed", "B")
    store.add_feed("https://c.example/feed", "C")  # no articles
    store.update_feed(b.id, last_status="failed", error="x")
    ids = list(store.upsert_articles(a.id, _items("a", 4)).new_ids)
    ids += store.upsert_articles(b.id, _items("b", 3)).new_ids
    store.set_read(ids[:3])
    store.set_starred(ids[0], True)  # read and starred
    store.set_starred(ids[6], True)
    for quote in ("one", "two"):
        store.add_highlight(Highlight(id="", article_id=ids[0], quote=quote))
    store.add_highlight(Highlight(id="", article_id=ids[5], quote="three"))
    store.add_note(Note(id="", article_id=ids[1], text="a note"))
    store.flush()
    return store


def _stats(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_stats_json_keys_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    _build(path).close()
    result = _stats("--db", str(path), "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data == EXPECTED
    assert all(type(v) is int for v in data.values())


def test_stats_json_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    store = _build(path)  # this test process holds the lock
    try:
        before = path.read_bytes()
        result = _stats("--db", str(path), "stats", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == EXPECTED
        assert path.read_bytes() == before  # stats never writes

        # a change flushed by the holder is what the next stats sees
        store.set_read([a.id for a in store.articles()])
        store.flush()
        result = _stats("--db", str(path), "stats", "--json")
        assert json.loads(result.stdout) == {**EXPECTED, "unread": 0}
    finally:
        store.close()


def test_stats_on_empty_desk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    open_store(path).close()
    result = _stats("--db", str(path), "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == dict.fromkeys(KEYS, 0)


def test_stats_reads_newsdesk_db_from_environment(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    _build(path).close()
    env = {**os.environ, "NEWSDESK_DB": str(path)}
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "stats", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


@pytest.mark.parametrize("flag", [[], ["--json"]], ids=["text", "json"])
def test_stats_on_missing_desk_fails_without_creating_it(tmp_path: Path, flag: list[str]) -> None:
    path = tmp_path / "missing" / "desk.json"
    result = _stats("--db", str(path), "stats", *flag)
    assert result.returncode != 0
    assert str(path) in result.stderr
    assert result.stdout == ""
    assert not path.parent.exists()


def test_stats_text_output(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    _build(path).close()
    result = _stats("--db", str(path), "stats")
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":") for line in result.stdout.splitlines())
    assert {k.strip(): int(v) for k, v in lines.items()} == {
        k.replace("_", " "): v for k, v in EXPECTED.items()
    }


def test_launch_options_alone_skip_the_command_parsers() -> None:
    """`newsdesk --db X` parses without building every command (a first-paint saving),
    while commands, --help and bad options still go through the full parser."""
    import pytest

    from newsdesk.cli import parse, run_desk

    args = parse(["--db", "/tmp/x.json", "--demo"])
    assert args.handler is run_desk and args.db == "/tmp/x.json" and args.demo
    assert parse(["--db", "/tmp/x.json", "stats", "--json"]).json is True
    with pytest.raises(SystemExit):
        parse(["--no-such-option"])


def test_a_launch_read_without_argparse_agrees_with_argparse() -> None:
    """The launch's own reading of --db, --config and --demo gives what argparse gives;
    every other spelling is left to argparse."""
    import pytest

    from newsdesk.cli import _global_parser, _launch_args, run_desk

    for words in (
        [],
        ["--demo"],
        ["--db", "d.json"],
        ["--db=d.json", "--config", "c.toml"],
        ["--config=", "--db", "a", "--db", "b", "--demo"],
        ["--db", "with space/x.json"],
    ):
        quick = _launch_args(words)
        full = _global_parser().parse_args(words)
        assert quick is not None and quick.handler is run_desk
        assert (quick.db, quick.config, quick.demo) == (full.db, full.config, full.demo)
    for words in (
        ["--de"],  # an abbreviation argparse accepts
        ["--db"],
        ["--db", "-x"],
        ["--demo=1"],
        ["stats"],
        ["--db", "d.json", "refresh"],
        ["-h"],
    ):
        assert _launch_args(words) is None
    with pytest.raises(SystemExit):
        _global_parser().parse_args(["--db"])
