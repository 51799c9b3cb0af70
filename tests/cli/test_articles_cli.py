"""`newsdesk articles`, `show` and `mark`: the desk driven from scripts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.models import Highlight, Note
from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store

RIVER = "https://river.example/feed"
HILL = "https://hill.example/rss"
NOW = datetime.now(UTC).replace(microsecond=0)
BODY = (
    "<p>The weir was rebuilt in <a href='https://river.example/weir'>spring</a>. "
    "Salmon returned.</p><h2>Costs</h2><ul><li>Stone</li><li>Labour</li></ul>"
)


def item(guid: str, title: str, days_ago: int, body: str = "") -> ArticleInput:
    return ArticleInput(
        guid=guid,
        title=title,
        link=f"https://river.example/{guid}",
        author="Ana",
        published=NOW - timedelta(days=days_ago),
        updated=None,
        summary="",
        body=body,
    )


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    path = tmp_path / "desk.json"
    store = open_store(path)
    river = store.add_feed(RIVER, "River News")
    hill = store.add_feed(HILL, "Hill \x1b[31mTimes", tags=("climate",))
    store.upsert_articles(
        river.id,
        [item("weir", "Weir rebuilt", 1, BODY), item("old", "Old flood\u202e report", 40)],
    )
    store.upsert_articles(hill.id, [item("snow", "Snow \x07line rises", 3, "<p>Snow.</p>")])
    weir = next(a for a in store.articles() if a.guid == "weir")
    snow = next(a for a in store.articles() if a.guid == "snow")
    store.set_starred(snow.id, True)
    store.set_read([snow.id], True)
    store.add_highlight(Highlight("", weir.id, "Salmon returned.", start=34, end=50))
    store.add_note(Note("", weir.id, "Ask the **angling club**."))
    store.close()
    return path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def listing(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    code, out, _ = run(db, capsys, "articles", "--json", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def ids(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    return {str(a["title"]).split()[0]: str(a["id"]) for a in listing(db, capsys)}


def test_articles_json_lists_newest_first_with_every_field(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listing(db, capsys)
    assert [r["title"] for r in rows] == ["Weir rebuilt", "Snow line rises", "Old flood report"]
    weir = rows[0]
    assert set(weir) == {
        "id", "feed", "feed_title", "title", "link", "author", "published",
        "read", "starred", "tags", "highlights", "notes",
    }  # fmt: skip
    assert weir["feed"] == RIVER and weir["feed_title"] == "River News"
    assert weir["highlights"] == 1 and weir["notes"] == 1
    assert weir["read"] is False and weir["starred"] is False
    assert str(weir["published"]).endswith("Z")
    assert datetime.fromisoformat(str(weir["published"])) == NOW - timedelta(days=1)
    assert rows[1]["feed_title"] == "Hill Times"  # the escape sequence goes whole


def test_articles_filters_combine(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert [r["title"] for r in listing(db, capsys, "--unread")] == [
        "Weir rebuilt",
        "Old flood report",
    ]
    assert [r["title"] for r in listing(db, capsys, "--starred")] == ["Snow line rises"]
    assert [r["title"] for r in listing(db, capsys, "--tag", "CLIMATE")] == ["Snow line rises"]
    assert [r["title"] for r in listing(db, capsys, "--feed", RIVER, "--since", "7")] == [
        "Weir rebuilt"
    ]
    assert len(listing(db, capsys, "--limit", "2")) == 2


def test_articles_unknown_feed_is_a_clear_error(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(db, capsys, "articles", "--feed", "https://nowhere.example/")
    assert code == 2 and out == ""
    assert "No feed with URL or id https://nowhere.example/" in err
    # a feed's id works as its URL does, as for remove, fulltext and set-feed
    from newsdesk.store import open_store

    store = open_store(db, readonly=True)
    river = store.feed_by_url(RIVER)
    store.close()
    assert river is not None
    by_url = listing(db, capsys, "--feed", RIVER)
    assert by_url and listing(db, capsys, "--feed", river.id) == by_url


def test_articles_text_lines_carry_no_control_characters(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(db, capsys, "articles")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(c == " " or c.isprintable() for c in out.replace("\n", ""))
    assert "\u202e" not in out and "\x1b" not in out and "\x07" not in out
    assert lines[1].split()[1] == "*"  # starred, read
    assert lines[0].split()[1] == "N"


def test_show_text_is_the_reader_without_colour(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weir = ids(db, capsys)["Weir"]
    code, out, _ = run(db, capsys, "show", weir)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Weir rebuilt"
    assert lines[1].startswith("River News · Ana · ")
    assert "The weir was rebuilt in spring[1]. Salmon returned." in lines
    assert "• Stone" in lines and "[1] https://river.example/weir" in lines
    assert "Costs" in lines
    assert listing(db, capsys, "--unread")[0]["id"] == weir  # showing did not mark it read


def test_show_markdown_marks_highlights_and_adds_notes(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weir = ids(db, capsys)["Weir"]
    code, out, _ = run(db, capsys, "show", weir, "--format", "md")
    assert code == 0
    assert out.startswith("# Weir rebuilt\n")
    assert "==Salmon returned.==" in out
    assert "### Costs" in out and "- Stone" in out
    assert "## Notes" in out and "Ask the **angling club**." in out


def test_show_json_has_body_and_annotations(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weir = ids(db, capsys)["Weir"]
    code, out, _ = run(db, capsys, "show", weir, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == weir
    assert [b["kind"] for b in data["body"]] == ["paragraph", "heading", "item", "item"]
    assert data["highlights_list"][0]["quote"] == "Salmon returned."
    assert data["notes_list"][0]["text"] == "Ask the **angling club**."
    assert data["links"] == ["https://river.example/weir"]


def test_show_unknown_id_fails(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(db, capsys, "show", "nope")
    assert code == 2 and out == "" and "No article with id nope" in err


def test_mark_applies_to_known_ids_and_reports_unknown(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = ids(db, capsys)
    code, out, err = run(db, capsys, "mark", found["Weir"], "bogus", found["Old"], "--read")
    assert code == 1
    assert out.strip() == "Marked 2 articles read."
    assert "bogus" in err
    assert listing(db, capsys, "--unread") == []
    code, out, _ = run(db, capsys, "mark", found["Weir"], "--star")
    assert code == 0 and out.strip() == "Marked 1 article starred."
    assert {r["title"] for r in listing(db, capsys, "--starred")} == {
        "Weir rebuilt",
        "Snow line rises",
    }
    code, out, _ = run(db, capsys, "mark", found["Weir"], "--unread")
    assert code == 0 and [r["id"] for r in listing(db, capsys, "--unread")] == [found["Weir"]]


def test_mark_needs_one_action(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(db), "mark", "x"])


def test_articles_piped_into_a_reader_that_stops_early_prints_no_traceback(tmp_path: Path) -> None:
    """`newsdesk articles | head -1`: the pipe closes early; no BrokenPipeError traceback."""
    import subprocess
    import sys

    db = tmp_path / "desk.json"
    from newsdesk.core.sample import copy_sample_files, load_sample_desk
    from newsdesk.store import open_store

    store = open_store(db)
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    store.close()
    script = f"{sys.executable} -m newsdesk --db {db} articles | head -1"
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_show_markdown_keeps_a_notes_markdown_but_not_its_html_or_script_links(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `notes export` does: a Markdown viewer must not run what a note pasted in."""
    from newsdesk.core.models import Note
    from newsdesk.store import open_store

    weir = ids(db, capsys)["Weir"]
    store = open_store(db)
    store.add_note(Note("", weir, "See <script>alert(1)</script> and [x](javascript:alert(1))."))
    store.close()
    code, out, _ = run(db, capsys, "show", weir, "--format", "md")
    assert code == 0
    assert "<script>" not in out and "](javascript:" not in out
    assert "&lt;script" in out and "Ask the **angling club**." in out
