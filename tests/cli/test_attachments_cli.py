"""`newsdesk show` prints a podcast episode's attachments (its enclosures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli import main

PODCAST = Path(__file__).parents[1] / "core" / "fixtures" / "podcast_rss.xml"
MP3 = "https://media.harbour-hour.example/episodes/12-breakwater.mp3"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    path = tmp_path / "desk.json"
    assert main(["--db", str(path), "add", str(PODCAST)]) == 0
    return path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), *args]) == 0
    return capsys.readouterr().out


def episode_id(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    rows = [json.loads(line) for line in run(db, capsys, "articles", "--json").splitlines()]
    return next(str(r["id"]) for r in rows if str(r["title"]).startswith("Episode 12"))


def test_show_prints_the_attachments_of_a_description_only_episode(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = run(db, capsys, "show", episode_id(db, capsys))
    assert "The engineers explain why the breakwater took three winters." in text
    lines = text.splitlines()
    at = lines.index("Attachments")
    assert lines[at + 1] == f"[1] audio/mpeg · 48.2 MB · {MP3}"


def test_show_json_and_markdown_carry_the_attachments(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = episode_id(db, capsys)
    data = json.loads(run(db, capsys, "show", article, "--format", "json"))
    assert data["attachments"] == [{"url": MP3, "type": "audio/mpeg", "length": 48234567}]
    markdown = run(db, capsys, "show", article, "--format", "md")
    assert f"- audio/mpeg · 48.2 MB: <{MP3}>" in markdown
