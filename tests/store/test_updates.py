"""Updates change only the fields given; an unknown id raises NotFoundError, never a desk error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from storehelp import make_items

from newsdesk.core.errors import DeskError, NotFoundError
from newsdesk.core.models import FEED_STATUSES, HIGHLIGHT_KINDS, Highlight, Note
from newsdesk.core.ports import Store
from newsdesk.store import open_store

FEED_URL = "https://example.org/feed.xml"
UNKNOWN = "0123456789abcde"


def test_update_feed_changes_only_the_given_fields_and_none_clears(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL, "Example", tags=["tech"])
    failed = store.update_feed(feed.id, last_status="failed", error="HTTP 500", failures=2)
    assert (failed.title, failed.tags, failed.url) == ("Example", ("tech",), FEED_URL)
    when = datetime(2025, 1, 2, tzinfo=UTC)
    ok = store.update_feed(feed.id, last_status="updated", error=None, last_fetched=when)
    assert (ok.error, ok.failures, ok.last_fetched) == (None, 2, when)
    store.close()
    again = open_store(desk_path)
    assert again.feed(feed.id) == ok
    again.close()


def test_update_feed_stores_tags_as_a_tuple(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    assert store.update_feed(feed.id, tags=["a", "b"]).tags == ("a", "b")
    store.close()


def test_highlight_and_note_updates_keep_the_other_fields(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    article_id = store.upsert_articles(feed.id, make_items(1)).new_ids[0]
    h = store.add_highlight(Highlight(id="", article_id=article_id, quote="q", start=3, end=4))
    moved = store.update_highlight(h.id, start=5, end=6, kind="question")
    assert (moved.quote, moved.start, moved.end, moved.kind) == ("q", 5, 6, "question")
    n = store.add_note(Note(id="", article_id=article_id, text="t", highlight_id=h.id))
    detached = store.update_note(n.id, highlight_id=None)
    assert (detached.text, detached.highlight_id, detached.created) == ("t", None, n.created)
    assert store.notes(article_id) == [detached]
    store.close()


MISSING: dict[str, Callable[[Store], object]] = {
    "update_feed": lambda s: s.update_feed(UNKNOWN, title="x"),
    "remove_feed": lambda s: s.remove_feed(UNKNOWN),
    "upsert_articles": lambda s: s.upsert_articles(UNKNOWN, make_items(1)),
    "set_tags": lambda s: s.set_tags(UNKNOWN, ["x"]),
    "update_highlight": lambda s: s.update_highlight(UNKNOWN, orphaned=True),
    "remove_highlight": lambda s: s.remove_highlight(UNKNOWN),
    "update_note": lambda s: s.update_note(UNKNOWN, text="x"),
    "remove_note": lambda s: s.remove_note(UNKNOWN),
}


@pytest.mark.parametrize("call", MISSING.values(), ids=MISSING.keys())
def test_an_unknown_id_raises_not_found_and_changes_nothing(
    desk_path: Path, call: Callable[[Store], object]
) -> None:
    store = open_store(desk_path)
    store.add_feed(FEED_URL)
    store.flush()
    before = desk_path.read_bytes()
    with pytest.raises(NotFoundError) as caught:
        call(store)
    assert caught.value.title == "Not found"
    assert UNKNOWN in caught.value.message
    assert not isinstance(caught.value, DeskError)  # the desk itself is fine
    store.close()
    assert desk_path.read_bytes() == before


def test_the_literal_types_are_exported_as_tuples() -> None:
    assert "fact-check" in HIGHLIGHT_KINDS and HIGHLIGHT_KINDS[0] == "highlight"
    assert set(FEED_STATUSES) == {"new", "updated", "not_modified", "failed", "disabled"}
