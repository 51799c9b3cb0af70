"""Body search over the shard files: case-folded matches inside and outside tags, and a
search asked to stop ends early."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore

BODIES = {
    "plain": "<p>The harbour <b>council</b> met.</p>",
    "german": "<p>Die Straße am Hafen</p>",
    "ligature": "<p>The ﬁnal ferry</p>",
    "quoted": '<p>He said "tide" twice</p>',
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TinyDBStore]:
    opened = open_store(tmp_path / "desk.json")
    for n, (name, html) in enumerate(BODIES.items()):
        feed = opened.add_feed(f"https://example.com/{name}.xml", title=name)
        item = ArticleInput(
            guid=name,
            title=f"Title {n}",
            link=f"https://example.com/{n}",
            author="",
            published=datetime(2026, 1, 1, tzinfo=UTC),
            updated=None,
            summary="",
            body=html,
        )
        opened.upsert_articles(feed.id, [item])
    opened.flush()  # the search reads the shard files
    yield opened
    opened.close()


def found(store: TinyDBStore, query: str) -> set[str]:
    titles = {a.id: a.guid for a in store.articles()}
    return {titles[i] for i in store.search_bodies(query)}


def test_words_inside_and_outside_tags_are_found_in_any_case(store: TinyDBStore) -> None:
    assert found(store, "HARBOUR") == {"plain"}
    assert found(store, "the harbour") == {"plain"}
    assert found(store, "Council") == {"plain"}
    assert found(store, "harbour nothing") == set()


def test_a_query_folding_from_other_letters_or_holding_quotes_is_found(
    store: TinyDBStore,
) -> None:
    assert found(store, "strasse") == {"german"}  # ß folds to ss
    assert found(store, "final ferry") == {"ligature"}  # ﬁ folds to fi
    assert found(store, '"tide"') == {"quoted"}  # quotes are escaped in the JSON bytes


def test_a_search_told_to_stop_ends_before_reading_every_shard(store: TinyDBStore) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first shard

    assert len(store.search_bodies("the", stop)) <= 1
    assert len(asked) == 2
    assert found(store, "the") == {"plain", "ligature"}
