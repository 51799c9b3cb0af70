"""Claim status and speaker in notes exports: exported, restored, cleaned, and optional so
exports written before the claims board import as they always did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.core.export import export_json, export_markdown
from newsdesk.core.notes_import import ExportFormatError, import_json, parse_export
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore


def export(**highlight: Any) -> dict[str, Any]:
    return {
        "newsdesk_export": 1,
        "articles": [
            {
                "id": "a1",
                "feed_id": "f1",
                "guid": "g1",
                "title": "Storm closes the harbour",
                "link": "https://news.example/storm",
                "published": "2026-11-14T09:00:00+00:00",
                "feed": {"title": "Echo", "url": "https://news.example/feed"},
                "highlights": [{"id": "c1", "quote": "The harbour is closed.", **highlight}],
                "notes": [],
            }
        ],
    }


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TinyDBStore]:
    store = open_store(tmp_path / "fresh.json")
    yield store
    store.close()


def test_an_export_from_before_claims_imports_with_open_status_and_no_speaker(
    fresh: TinyDBStore,
) -> None:
    report = import_json(fresh, export(kind="claim"))
    assert report.added_highlights == 1
    (highlight,) = fresh.highlights()
    assert (highlight.kind, highlight.status, highlight.speaker) == ("claim", "open", "")


def test_status_and_speaker_round_trip_through_an_export(
    fresh: TinyDBStore, tmp_path: Path
) -> None:
    import_json(fresh, export(kind="quote", status="disputed", speaker="Carys Bennett"))
    data = export_json(fresh)
    exported = data["articles"][0]["highlights"][0]
    assert (exported["status"], exported["speaker"]) == ("disputed", "Carys Bennett")
    assert "— quote (disputed; speaker: Carys Bennett)" in export_markdown(fresh)
    other = open_store(tmp_path / "other.json")
    try:
        import_json(other, data)
        assert other.highlights()[0].status == "disputed"
        assert other.highlights()[0].speaker == "Carys Bennett"
    finally:
        other.close()


def test_an_unknown_status_is_a_bad_file() -> None:
    with pytest.raises(ExportFormatError, match="status must be one of open, verified"):
        parse_export(export(kind="claim", status="maybe"))


def test_an_imported_speaker_is_one_clean_bounded_line(fresh: TinyDBStore) -> None:
    import_json(fresh, export(kind="claim", speaker="Eve\x1b[2J\u202e\nMallory" + "x" * 500))
    speaker = fresh.highlights()[0].speaker
    assert "\x1b" not in speaker and "\u202e" not in speaker and "\n" not in speaker
    assert speaker.startswith("Eve Mallory") and len(speaker) <= 200
