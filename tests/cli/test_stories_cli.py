"""`newsdesk stories`: the stories of a desk as text blocks or one JSON document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.sample import copy_sample_files
from newsdesk.desk import open_desk


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    desk = open_desk(tmp_path / "desk.json")
    desk.load_sample(copy_sample_files(tmp_path / "feeds"))
    desk.close()
    return tmp_path / "desk.json"


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "stories", *args])
    return code, capsys.readouterr().out


def test_json_has_exactly_the_documented_shape(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = run(db, capsys, "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["stories"]
    assert len(doc["stories"]) == 5
    for story in doc["stories"]:
        assert list(story) == ["id", "title", "outlets", "articles"]
        assert story["outlets"] == len({a["feed"] for a in story["articles"]}) >= 2
        for article in story["articles"]:
            assert list(article) == ["id", "feed", "title", "link", "published"]
    counts = [s["outlets"] for s in doc["stories"]]
    assert counts == sorted(counts, reverse=True)
    storm = next(s for s in doc["stories"] if "Storm Brannagh" in s["title"])
    assert {a["feed"] for a in storm["articles"]} == {
        "The Harbour Gazette",
        "Coastal Wire",
        "The Wrenmouth Echo",
    }


def test_min_outlets_filters_stories(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out = run(db, capsys, "--json", "--min-outlets", "3")
    assert [s["outlets"] for s in json.loads(out)["stories"]] == [3, 3]
    _, out = run(db, capsys, "--json", "--min-outlets", "1")
    assert len(json.loads(out)["stories"]) > 5


def test_text_output_is_one_block_per_story(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = run(db, capsys)
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 5
    assert blocks[0].startswith("◆3 ")
    assert all(len(block.splitlines()) >= 4 for block in blocks[:2])  # headline, outlets, 2+


def test_stories_leaves_the_desk_file_untouched(db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = db.read_bytes()
    run(db, capsys, "--json")
    assert db.read_bytes() == before
