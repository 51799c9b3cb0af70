"""`newsdesk claims`: the board printed, or exported as JSON, CSV and Markdown, on a copy of
the sample desk with the same claim highlighted in two outlets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.desk import Desk, open_desk

FERRY = "Gull Island ferry sailings are suspended until at least midday"


def claim_on(desk: Desk, title: str, passage: str, kind: str = "claim") -> None:
    article = next(a for a in desk.articles() if a.title.startswith(title))
    rendered = desk.open_article(article.id, mark_read=False).rendered
    start = rendered.text.index(passage)
    added = desk.add_highlight(article.id, rendered, start, start + len(passage))
    desk.set_highlight_kind(added.id, kind)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    path = tmp_path / "desk.json"
    desk = open_desk(path)
    load_sample_desk(desk.store, copy_sample_files(tmp_path / "feeds"))
    claim_on(desk, "Storm Brannagh brings down trees", FERRY)
    claim_on(desk, "Storm Brannagh: 81 mph", FERRY + ".")
    claim_on(desk, "Storm Brannagh: 81 mph", '"Wet ground and a south-easterly', "quote")
    (ferry,) = [c for c in desk.claims() if c.kind == "claim"]
    desk.set_claim_status(ferry, "verified")
    desk.save_claim_note(ferry, "Harbour office confirms.")
    desk.close()
    return path


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "claims", *args])
    return code, capsys.readouterr().out


def test_json_lists_each_claim_once_with_every_source(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(db, capsys, "--json")
    assert code == 0
    claims = json.loads(out)["claims"]
    assert [c["kind"] for c in claims] == ["claim", "quote"]
    ferry, quote = claims
    assert set(ferry) == {"text", "kind", "status", "speaker", "note", "story", "sources"}
    assert ferry["story"].startswith("story:")  # the desk's story of the storm
    assert (ferry["status"], ferry["note"]) == (
        "verified",
        "Harbour office confirms.",
    )
    assert sorted(s["outlet"] for s in ferry["sources"]) == [
        "The Harbour Gazette",
        "The Wrenmouth Echo",
    ]
    for source in ferry["sources"]:
        assert set(source) == {"outlet", "title", "link", "published"}
        assert source["link"].startswith("https://")
    assert quote["speaker"] == "Bryony Saltash" and quote["status"] == "open"


def test_status_filter_keeps_only_that_status(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(db, capsys, "--format", "json", "--status", "open")
    assert [c["kind"] for c in json.loads(out)["claims"]] == ["quote"]
    _, out = run(db, capsys, "--json", "--status", "false")
    assert json.loads(out) == {"claims": []}


def test_csv_has_a_row_per_claim_with_sources_joined(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(db, capsys, "--format", "csv")
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header[:6] == ["text", "kind", "status", "speaker", "note", "story"]
    assert len(rows) == 2
    assert sorted(rows[0][6].split(" | ")) == ["The Harbour Gazette", "The Wrenmouth Echo"]


def test_markdown_goes_to_a_file_grouped_by_story(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "claims.md"
    code, out = run(db, capsys, "--out", str(target))
    assert code == 0 and "Exported 2 claims" in out
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# newsdesk claims")
    assert "## Storm Brannagh brings down trees along the promenade" in text  # the story
    assert "> Gull Island ferry sailings are suspended until at least midday." in text
    assert "- Status: verified" in text and "- Speaker: Bryony Saltash" in text


def test_the_default_prints_the_board_as_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(db, capsys)
    assert "[verified] claim: Gull Island ferry" in out
    assert "(Bryony Saltash)" in out and "The Harbour Gazette" in out


def test_an_unknown_status_is_a_usage_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db), "claims", "--status", "maybe"])
    assert exit_info.value.code == 2


def test_a_txt_file_gets_the_plain_text_board(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "claims.txt"
    code, _ = run(db, capsys, "--out", str(target))
    _, shown = run(db, capsys, "--format", "text")
    assert code == 0 and target.read_text(encoding="utf-8") == shown
    assert not shown.startswith("# newsdesk claims")
