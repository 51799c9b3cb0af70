"""The notes browser's filter language: `kind:`, `tag:` and `feed:` terms and free words."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.desk.records import NoteRow
from newsdesk.ui.screens.notes_browser import filter_rows, unknown_kinds


def row(kind: str, tags: tuple[str, ...], quote: str = "a quote") -> NoteRow:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return NoteRow("a1", 0, "h1", None, kind, quote, "", "A title", "A feed", tags, when)


ROWS = [
    row("fact-check", ("cli notes",), "first"),
    row("quote", ("tooling",), "second"),
    row("note", (), "third"),
]


def quotes(query: str) -> list[str]:
    return [r.quote for r in filter_rows(ROWS, query)]


def test_a_tag_is_matched_as_the_feed_list_writes_it_and_with_spaces_in_quotes() -> None:
    """`tag:#tooling` (as the feed list shows it) and `tag:"cli notes"` matched nothing."""
    assert quotes("tag:#tooling") == ["second"]
    assert quotes('tag:"cli notes"') == ["first"]
    assert quotes('tag:"cli notes') == []  # a quote still open as the user types: no crash


def test_a_kind_is_matched_by_its_start_and_without_its_dash() -> None:
    assert quotes("kind:factcheck") == quotes("kind:fact") == quotes("kind:Fact-Check")
    assert quotes("kind:fact") == ["first"]
    assert quotes("kind:note third") == ["third"]


def test_an_unknown_kind_is_named_for_the_hint() -> None:
    assert unknown_kinds("kind:bogus ferry") == ["bogus"]
    assert unknown_kinds("kind:quote kind:fact") == []
