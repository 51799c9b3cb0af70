"""A notes export is untrusted input: cleaned like a feed, bounded like a feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsdesk.core.notes_import import (
    ExportFormatError,
    import_json,
    load_export_bytes,
    parse_export,
)

ESC = "\x1b]52;c;ZXZpbA==\x07\x1b[2J"
BIDI = "\u202e\u2066\u200b\ufeff"


def export(feed_url: str = "https://notes.example/feed", **article: Any) -> dict[str, Any]:
    record = {
        "id": "a1",
        "feed_id": "f1",
        "guid": "g1",
        "title": f"Title{ESC}{BIDI}",
        "link": "https://notes.example/1",
        "author": f"Eve{ESC}",
        "published": "2026-01-01T00:00:00+00:00",
        "tags": [f"tag{ESC}{BIDI}", ""],
    }
    record.update(article)
    return {
        "newsdesk_export": 1,
        "articles": [
            {
                **record,
                "feed": {"title": f"Feed{ESC}", "url": feed_url},
                "highlights": [
                    {"id": "c1", "quote": f"quote{ESC}\nline two{BIDI}", "kind": "quote"}
                ],
                "notes": [{"id": "d1", "text": f"note{ESC}{BIDI}"}],
            }
        ],
    }


@pytest.fixture
def fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    from newsdesk.store import open_store

    store = open_store(tmp_path / "fresh.json")
    yield store
    store.close()


def test_imported_text_loses_escape_sequences_and_bidi_controls(fresh) -> None:  # type: ignore[no-untyped-def]
    import_json(fresh, export())
    (article,) = fresh.articles()
    (feed,) = fresh.feeds()
    (highlight,) = fresh.highlights()
    (note,) = fresh.notes()
    assert (article.title, article.author, article.tags) == (
        "Title",
        "Eve",
        ("tag",),
    )  # the sequences go whole (an OSC 52 would have set the clipboard), not just their ESC
    assert feed.title == "Feed"
    assert highlight.quote == "quote\nline two"
    assert note.text == "note"


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_imported_links_are_web_or_mail_only(fresh, link: str) -> None:  # type: ignore[no-untyped-def]
    import_json(fresh, export(link=link))
    assert fresh.articles()[0].link == ""


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "/dev/tty", "javascript:x", "https://a\x1b.example/"]
)
def test_an_imported_feed_url_that_is_not_web_is_never_subscribed(fresh, url: str) -> None:  # type: ignore[no-untyped-def]
    report = import_json(fresh, export(feed_url=url))
    assert fresh.feeds() == []
    assert report.added_notes == 1 and report.added_highlights == 1  # nothing lost
    # and the report does not claim the article back ("restored 1 article" that was not)
    assert (report.missing_articles, report.unrestored) == (0, 1)
    assert fresh.articles() == []


def test_format_version_true_is_not_version_1() -> None:
    with pytest.raises(ExportFormatError, match="format True"):
        parse_export({"newsdesk_export": True, "articles": []})


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"newsdesk_export": 1, "articles": [], "n": ' + b"9" * 5000 + b"}", "digits"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"newsdesk_export": NaN}', "NaN"),
        (b"\xff\xfe{", "UTF-8"),
        (b"{", "not JSON"),
    ],
    ids=["huge-number", "deep-array", "nan", "bad-utf8", "truncated"],
)
def test_hostile_export_bytes_are_a_bad_file_not_a_traceback(raw: bytes, message: str) -> None:
    with pytest.raises(ExportFormatError, match=message):
        load_export_bytes(raw)


def test_a_good_export_loads() -> None:
    assert load_export_bytes(b'{"newsdesk_export": 1, "articles": []}') == {
        "newsdesk_export": 1,
        "articles": [],
    }
