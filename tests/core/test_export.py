"""Export of highlights and notes (golden Markdown and JSON) and import of a JSON export.

Regenerate the golden files after an intended format change with
`NEWSDESK_UPDATE_GOLDEN=1 pytest tests/core/test_export.py` and review the diff.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsdesk.core.export import export_json, export_markdown
from newsdesk.core.models import Article, Highlight, Note
from newsdesk.core.notes_import import ExportFormatError, ImportReport, import_json, parse_export
from newsdesk.store import Store, open_store

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
LONGREADS = "https://slownews.example/feed/"
HARBOUR = "https://harbour.example/rss"
GONE_ARTICLE = "0f0f0f0f0f0f0f0"


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def build_fixture_desk(store: Store) -> dict[str, str]:
    """A desk with fixed ids and dates: two annotated articles, one not, and a lost article."""
    longreads = store.add_feed(LONGREADS, "Slow News Longreads")
    harbour = store.add_feed(HARBOUR, "Harbour Gazette")
    water = store.restore_article(
        Article(
            id="",
            feed_id=longreads.id,
            guid="https://slownews.example/2026/11/water-rules/",
            title="Every drop accounted for: how Port Calloway rewrote its water rules",
            link="https://slownews.example/2026/11/port-calloway-water-rules/",
            author="Maren Holloway",
            published=datetime(2026, 11, 15, 6, 0, tzinfo=UTC),
            read=True,
            tags=("water", "policy"),
            fetched=at(-60),
        )
    )
    ferry = store.restore_article(
        Article(
            id="",
            feed_id=harbour.id,
            guid="harbour-ferry-2026-11-12",
            title="Ferry  timetable\nchanges",
            link="https://harbour.example/news/ferry",
            published=datetime(2026, 11, 12, 17, 30, tzinfo=UTC),
            updated=datetime(2026, 11, 13, 8, 0, tzinfo=UTC),
            starred=True,
            tags=("harbour",),
            fetched=at(-50),
        )
    )
    store.restore_article(
        Article(
            id="",
            feed_id=harbour.id,
            guid="harbour-unannotated",
            title="Nothing marked here",
            published=datetime(2026, 11, 14, tzinfo=UTC),
            fetched=at(-40),
        )
    )
    # added out of reading order on purpose: export sorts by start offset
    store.add_highlight(
        Highlight(
            "a00000000000002",
            water.id,
            "“Seventeen percent is not unusual,” Dr. Brandt said.",
            "industrial district.\n\n",
            " “What was unusual was saying it",
            2990,
            3042,
            kind="quote",
            created=at(5),
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000001",
            water.id,
            "Fixing pipes is expensive.",
            "Who pays\n\n",
            " The utility's capital plan, appr",
            3500,
            3526,
            created=at(1),
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000003",
            water.id,
            "Losses are down to 14.1 percent, according to the latest monthly statement.",
            "out of roughly 600 that need it. ",
            " Mr. Achterberg, now retired, st",
            6100,
            6176,
            kind="claim",
            created=at(7),
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000004",
            water.id,
            "A sentence the feed later removed.",
            "",
            "",
            200,
            234,
            kind="fact-check",
            orphaned=True,
            created=at(9),
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000005",
            ferry.id,
            "# Timetable\n\n1. The 07:10 sailing is withdrawn.",
            "",
            "\n\n- Saturday sailings",
            0,
            46,
            kind="question",
            created=at(11),
        )
    )
    store.add_highlight(
        Highlight(
            "a00000000000006",
            GONE_ARTICLE,
            "A quote from an article no longer in the desk.",
            created=at(13),
        )
    )
    store.add_note(
        Note(
            "b00000000000001",
            water.id,
            "Check the *2030* target.",
            "a00000000000003",
            created=at(8),
            updated=at(20),
        )
    )
    store.add_note(
        Note(
            "b00000000000002",
            water.id,
            "Compare with other cities.\n\n- Tucson\n- Perth",
            "a00000000000003",
            created=at(10),
            updated=at(10),
        )
    )
    store.add_note(
        Note(
            "b00000000000003",
            water.id,
            "A model for **our** council?",
            created=at(12),
            updated=at(12),
        )
    )
    store.add_note(
        Note(
            "b00000000000004",
            water.id,
            "Second thought on the article.",
            created=at(14),
            updated=at(15),
        )
    )
    store.add_note(
        Note(
            "b00000000000005",
            ferry.id,
            "Ask the operator why.",
            "a00000000000005",
            created=at(16),
            updated=at(16),
        )
    )
    store.add_note(
        Note(
            "b00000000000006",
            GONE_ARTICLE,
            "Note on a lost article.",
            created=at(17),
            updated=at(17),
        )
    )
    return {"water": water.id, "ferry": ferry.id, "longreads": longreads.id}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "desk.json")
    build_fixture_desk(store)
    yield store
    store.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "fresh.json")
    yield store
    store.close()


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("NEWSDESK_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


# -- golden files --------------------------------------------------------------------------


def test_markdown_export_matches_golden(desk: Store) -> None:
    check_golden("notes.md", export_markdown(desk, now=NOW))


def test_json_export_matches_golden(desk: Store) -> None:
    check_golden("notes.json", dump(export_json(desk, now=NOW)))


def test_json_export_has_every_field(desk: Store) -> None:
    data = export_json(desk, now=NOW)
    assert data["newsdesk_export"] == 1 and data["exported"] == NOW.isoformat()
    water = data["articles"][0]
    desk_only = {"has_full", "show_full", "version"}  # the full text's state stays in the desk
    for name in Article.__dataclass_fields__.keys() - desk_only:
        assert name in water
    assert not desk_only & set(water)
    assert water["feed"] == {"title": "Slow News Longreads", "url": LONGREADS}
    assert set(water["highlights"][0]) == set(Highlight.__dataclass_fields__) - desk_only
    assert set(water["notes"][0]) == set(Note.__dataclass_fields__)
    json.dumps(data)  # plain JSON types only


def test_highlights_in_reading_order_and_unannotated_articles_left_out(desk: Store) -> None:
    data = export_json(desk, now=NOW)
    titles = [a.get("title") for a in data["articles"]]
    assert "Nothing marked here" not in titles
    starts = [h["start"] for h in data["articles"][0]["highlights"]]
    assert starts == sorted(starts)
    text = export_markdown(desk, now=NOW)
    assert text.index("Seventeen percent") < text.index("Fixing pipes") < text.index("14.1")


def test_filters_by_tag_and_feed(desk: Store) -> None:
    by_tag = export_json(desk, tag="Harbour", now=NOW)
    assert [a["title"] for a in by_tag["articles"]] == ["Ferry  timetable\nchanges"]
    by_feed = export_json(desk, feed_url=LONGREADS, now=NOW)
    assert [a["feed"]["url"] for a in by_feed["articles"]] == [LONGREADS]
    assert export_json(desk, tag="nope", now=NOW)["articles"] == []
    md = export_markdown(desk, feed_url=HARBOUR, now=NOW)
    assert "## Ferry timetable changes" in md and "Port Calloway" not in md
    assert "1 article, 1 highlight, 1 note." in md


# -- import --------------------------------------------------------------------------------


def test_import_round_trips_into_a_fresh_desk(desk: Store, fresh: Store) -> None:
    exported = export_json(desk, now=NOW)
    report = import_json(fresh, copy.deepcopy(exported))
    assert report == ImportReport(
        added_highlights=6,
        added_notes=6,
        skipped=0,
        missing_articles=2,
        unrestored=1,  # the lost article has no record to restore it from
        subscribed=(LONGREADS, HARBOUR),  # the restored articles' feeds
    )
    for article in exported["articles"]:  # an import folds a title onto one line, as ingest does
        if "title" in article:
            article["title"] = " ".join(article["title"].split())
    assert export_json(fresh, now=NOW) == exported
    assert export_markdown(fresh, now=NOW) == export_markdown(desk, now=NOW)
    assert {f.url for f in fresh.feeds()} == {LONGREADS, HARBOUR}


def test_import_twice_adds_nothing(desk: Store, fresh: Store) -> None:
    exported = export_json(desk, now=NOW)
    import_json(fresh, exported)
    stats, first = fresh.stats(), export_json(fresh, now=NOW)
    again = import_json(fresh, exported)
    assert again == ImportReport(0, 0, skipped=12, missing_articles=0, unrestored=1)
    assert fresh.stats() == stats
    assert export_json(fresh, now=NOW) == first


def test_import_into_the_same_desk_skips_everything(desk: Store) -> None:
    stats = desk.stats()
    report = import_json(desk, export_json(desk, now=NOW))
    assert (report.added_highlights, report.added_notes, report.skipped) == (0, 0, 12)
    assert desk.stats() == stats


def test_import_restores_removed_annotations_and_merges_tags(desk: Store) -> None:
    ids = {h.article_id for h in desk.highlights()}
    exported = export_json(desk, now=NOW)
    water = next(a for a in desk.articles() if a.title.startswith("Every drop"))
    desk.remove_highlight("a00000000000001")
    desk.remove_note("b00000000000003")
    desk.set_tags(water.id, ["mine"])
    report = import_json(desk, exported)
    assert (report.added_highlights, report.added_notes) == (1, 1)
    assert (report.missing_articles, report.unrestored) == (0, 1)  # the lost article
    assert desk.article(water.id).tags == ("mine", "water", "policy")  # type: ignore[union-attr]
    assert {h.article_id for h in desk.highlights()} == ids


def test_import_attaches_to_the_same_article_under_another_id(desk: Store) -> None:
    exported = export_json(desk, feed_url=HARBOUR, now=NOW)
    ferry_id = exported["articles"][0]["id"]
    entry = exported["articles"][0]
    entry["id"] = "123456789abcdef"
    for item in entry["highlights"] + entry["notes"]:
        item["article_id"] = "123456789abcdef"
        item["id"] = item["id"][:-1] + "f"
    report = import_json(desk, exported)
    assert (report.added_highlights, report.added_notes, report.missing_articles) == (1, 1, 0)
    assert desk.article("123456789abcdef") is None
    assert len(desk.highlights(ferry_id)) == 2


def test_recreated_article_merges_with_the_next_refresh(desk: Store, fresh: Store) -> None:
    from newsdesk.core.ports import ArticleInput

    import_json(fresh, export_json(desk, now=NOW))
    feed = fresh.feed_by_url(HARBOUR)
    assert feed is not None
    restored = next(a for a in fresh.articles() if a.feed_id == feed.id)
    assert fresh.body(restored.id) == ""
    result = fresh.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid=restored.guid,
                title=restored.title,
                link=restored.link,
                author="",
                published=restored.published,
                updated=restored.updated,
                summary="",
                body="<p>Back.</p>",
            )
        ],
    )
    assert (result.new, result.updated) == (0, 1)
    assert fresh.body(restored.id) == "<p>Back.</p>"
    assert fresh.article(restored.id).starred  # type: ignore[union-attr]


BAD_EXPORTS: list[tuple[object, str]] = [
    ([], 'no "newsdesk_export"'),
    ({"articles": []}, 'no "newsdesk_export"'),
    ({"newsdesk_export": 2, "articles": []}, "format 2"),
    ({"newsdesk_export": 1, "articles": {}}, '"articles" must be a list'),
    ({"newsdesk_export": 1, "articles": ["x"]}, "articles[0] must be an object"),
    ({"newsdesk_export": 1, "articles": [{"feed": None}]}, "articles[0].id"),
    ({"newsdesk_export": 1, "articles": [{"id": "a1", "feed": "x"}]}, "articles[0].feed"),
    (
        {"newsdesk_export": 1, "articles": [{"id": "a1", "feed": {"url": "u"}}]},
        "articles[0] has no 'feed_id'",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_EXPORTS)
def test_bad_exports_are_refused(data: object, message: str, fresh: Store) -> None:
    with pytest.raises(ExportFormatError) as error:
        import_json(fresh, data)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert fresh.stats().feeds == 0 and fresh.stats().highlights == 0


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("highlights", 0, "start"), "ten", "highlights[0].start must be an integer"),
        (("highlights", 0, "start"), True, "highlights[0].start must be an integer"),
        (("highlights", 0, "created"), "yesterday", "created must be an ISO 8601 date"),
        (("highlights", 0, "orphaned"), "no", "orphaned must be true or false"),
        (("highlights", 0, "kind"), "underline", "kind must be one of highlight, quote, claim"),
        (("highlights", 0, "kind"), 3, "highlights[0].kind must be a string"),
        (("highlights", 0, "id"), "", "every highlight id must be hexadecimal"),
        (("notes", 0, "id"), "note-1", "every note id must be hexadecimal"),
        (("notes", 0, "highlight_id"), 7, "highlight_id must be a string"),
        (("tags",), "water", "tags must be a list"),
        (("published",), None, "published must be a string"),
        (("highlights",), {}, "highlights must be a list"),
    ],
)
def test_a_bad_field_anywhere_writes_nothing(
    desk: Store, fresh: Store, path: tuple[Any, ...], value: object, message: str
) -> None:
    data = export_json(desk, now=NOW)
    target: Any = data["articles"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ExportFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_json(fresh, data)
    assert fresh.stats().feeds == 0 and fresh.stats().highlights == 0


def test_highlight_without_optional_fields_gets_defaults() -> None:
    data = {
        "newsdesk_export": 1,
        "articles": [
            {"id": "a1", "feed": None, "highlights": [{"id": "c1", "quote": "Q"}], "notes": []}
        ],
    }
    (entry,) = parse_export(data)
    (highlight,) = entry.highlights
    assert (highlight.article_id, highlight.kind, highlight.start) == ("a1", "highlight", 0)
    assert entry.article is None


def test_annotation_modules_never_import_tinydb_or_textual() -> None:
    code = (
        "import sys, newsdesk.core.export, newsdesk.core.anchor, newsdesk.core.sentences\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tinydb', 'textual')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_restore_article_keys_by_feed_and_guid_and_is_idempotent(fresh: Store) -> None:
    from newsdesk.core.errors import NotFoundError

    feed = fresh.add_feed(LONGREADS, "Slow News Longreads")
    record = Article(
        id="whatever", feed_id=feed.id, guid="g1", title="T", read=True, fetched=T0, published=T0
    )
    first = fresh.restore_article(record)
    assert first.id != "whatever" and first.read and first.fetched == T0
    again = fresh.restore_article(Article(id="other", feed_id=feed.id, guid="g1", title="New"))
    assert again == first and len(fresh.articles()) == 1
    with pytest.raises(NotFoundError):
        fresh.restore_article(Article(id="x", feed_id="fffffffffffffff", guid="g", title="T"))
