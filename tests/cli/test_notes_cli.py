"""`newsdesk notes export` and `newsdesk notes import`, run as a user would, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.core.models import Article, Highlight, Note
from newsdesk.store import open_store

FEED = "https://slownews.example/feed/"
OTHER = "https://harbour.example/rss"
WHEN = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


def newsdesk(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.json"
    store = open_store(path)
    feed = store.add_feed(FEED, "Slow News Longreads")
    other = store.add_feed(OTHER, "Harbour Gazette")
    water = store.restore_article(
        Article(
            id="",
            feed_id=feed.id,
            guid="water",
            title="Every drop accounted for",
            link="https://slownews.example/water",
            published=WHEN,
            tags=("water",),
            fetched=WHEN,
        )
    )
    ferry = store.restore_article(
        Article(
            id="",
            feed_id=other.id,
            guid="ferry",
            title="Ferry timetable changes",
            published=WHEN,
            fetched=WHEN,
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000001",
            water.id,
            "Fixing pipes is expensive.",
            start=10,
            end=36,
            created=WHEN,
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000002",
            ferry.id,
            "The 07:10 sailing is withdrawn.",
            kind="question",
            created=WHEN,
        )
    )
    store.add_note(
        Note(
            "b00000000000001",
            water.id,
            "Check the *2030* target.",
            "a00000000000001",
            created=WHEN,
            updated=WHEN,
        )
    )
    store.close()
    return path


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- export --------------------------------------------------------------------------------


def test_export_markdown_to_stdout_by_default(desk: Path) -> None:
    result = newsdesk(desk, "notes", "export")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# newsdesk notes\n")
    assert "## Every drop accounted for" in out and "## Ferry timetable changes" in out
    assert "> Fixing pipes is expensive.\n\n— highlight\n\nCheck the *2030* target." in out
    assert "> The 07:10 sailing is withdrawn.\n\n— question" in out


def test_export_json_to_a_file(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.json"
    result = newsdesk(desk, "notes", "export", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 2 highlights and 1 note from 2 articles to {out}"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["newsdesk_export"] == 1
    assert [a["title"] for a in data["articles"]] == [
        "Every drop accounted for",
        "Ferry timetable changes",
    ]
    assert data["articles"][0]["feed"] == {"title": "Slow News Longreads", "url": FEED}


def test_export_takes_its_format_from_the_files_suffix(desk: Path, tmp_path: Path) -> None:
    """`notes export --out notes.json` then `notes import notes.json`: the pair a cron job
    writes (it wrote Markdown into notes.json, which the import refused)."""
    as_json, as_md = tmp_path / "notes.json", tmp_path / "notes.md"
    assert newsdesk(desk, "notes", "export", "--out", str(as_json)).returncode == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["newsdesk_export"] == 1
    assert newsdesk(desk, "notes", "export", "--out", str(as_md)).returncode == 0
    assert as_md.read_text(encoding="utf-8").startswith("# newsdesk notes\n")
    result = newsdesk(desk, "notes", "import", str(as_json))
    assert result.returncode == 0, result.stderr


def test_export_filters_by_tag_and_feed(desk: Path) -> None:
    by_tag = newsdesk(desk, "notes", "export", "--tag", "water")
    assert "Every drop" in by_tag.stdout and "Ferry" not in by_tag.stdout
    by_feed = newsdesk(desk, "notes", "export", "--format", "json", "--feed", OTHER)
    assert [a["title"] for a in json.loads(by_feed.stdout)["articles"]] == [
        "Ferry timetable changes"
    ]


def test_export_of_an_unknown_feed_is_an_error(desk: Path) -> None:
    line = one_line_error(newsdesk(desk, "notes", "export", "--feed", "https://nope.example/"))
    assert "No feed with the url https://nope.example/" in line


def test_export_reads_a_desk_that_is_open_elsewhere(desk: Path) -> None:
    store = open_store(desk)  # holds the lock, as a running newsdesk would
    try:
        result = newsdesk(desk, "notes", "export")
    finally:
        store.close()
    assert result.returncode == 0, result.stderr
    assert "Fixing pipes" in result.stdout


def test_export_without_a_desk_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    line = one_line_error(newsdesk(missing, "notes", "export"))
    assert "No desk at" in line
    assert not missing.exists()


def test_notes_needs_an_action(desk: Path) -> None:
    result = newsdesk(desk, "notes")
    assert result.returncode == 2 and "export" in result.stderr


# -- import --------------------------------------------------------------------------------


def test_import_round_trips_and_reports(desk: Path, tmp_path: Path) -> None:
    exported = tmp_path / "notes.json"
    newsdesk(desk, "notes", "export", "--format", "json", "--out", str(exported))
    fresh = tmp_path / "fresh.json"
    result = newsdesk(fresh, "notes", "import", str(exported))
    assert result.returncode == 0, result.stderr
    # the feeds subscribed to for the restored articles are named (it was done unsaid)
    assert result.stdout.strip() == (
        "Imported 2 highlights and 1 note; skipped 0 already in the desk; "
        "restored 2 articles missing from the desk. Subscribed to 2 feeds the restored "
        "articles came from (https://slownews.example/feed/, https://harbour.example/rss): "
        "`newsdesk remove URL` drops one."
    )
    again = json.loads(newsdesk(fresh, "notes", "export", "--format", "json").stdout)
    original = json.loads(exported.read_text(encoding="utf-8"))
    assert again["articles"] == original["articles"]

    twice = newsdesk(fresh, "notes", "import", str(exported))
    assert twice.stdout.strip() == (
        "Imported 0 highlights and 0 notes; skipped 3 already in the desk; "
        "restored 0 articles missing from the desk."
    )
    stats = json.loads(newsdesk(fresh, "stats", "--json").stdout)
    assert (stats["highlights"], stats["notes"], stats["articles"]) == (2, 1, 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "is not JSON"),
        (b"\xff\xfe\x00garbage", "is not JSON"),
        (b'{"some": "other json"}', 'not a newsdesk export (no "newsdesk_export" key'),
        (
            b'{"newsdesk_export": 1, "articles": [{"id": "a", "feed": null, '
            b'"highlights": [{"id": "c1", "quote": "Q", "start": "x"}]}]}',
            "articles[0].highlights[0].start must be an integer",
        ),
    ],
)
def test_bad_import_file_is_refused_and_nothing_written(
    desk: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = desk.read_bytes()
    line = one_line_error(newsdesk(desk, "notes", "import", str(bad)))
    assert message in line and "nothing was imported" in line
    assert desk.read_bytes() == before
    fresh = tmp_path / "fresh.json"
    one_line_error(newsdesk(fresh, "notes", "import", str(bad)))
    assert not fresh.exists()


def test_import_of_a_missing_file(desk: Path, tmp_path: Path) -> None:
    line = one_line_error(newsdesk(desk, "notes", "import", str(tmp_path / "nope.json")))
    assert "Cannot read" in line


@pytest.mark.parametrize(
    "payload",
    [
        b'{"newsdesk_export": 1, "articles": [' + b"9" * 5000 + b"]}",
        b'{"newsdesk_export": 1, "articles": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"newsdesk_export": true, "articles": []}',
    ],
    ids=["5000-digit number", "100000-deep array", "version true"],
)
def test_notes_import_reports_a_hostile_file_as_bad_not_a_traceback(
    tmp_path: Path, payload: bytes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(payload)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "--db",
            str(tmp_path / "desk.json"),
            "notes",
            "import",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nothing was imported" in result.stderr
    assert not (tmp_path / "desk.json").exists()
