"""Removing a feed never takes annotations with it."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.core.models import Highlight, Note
from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store


def _items(n: int) -> list[ArticleInput]:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return [
        ArticleInput(
            f"g{i}", f"Title {i}", f"https://x.example/{i}", "", when, None, "", f"<p>Body {i}.</p>"
        )
        for i in range(n)
    ]


def test_remove_feed_keeps_annotated_starred_and_tagged_articles(tmp_path):
    store = open_store(tmp_path / "desk.json")
    feed = store.add_feed("https://x.example/feed")
    store.upsert_articles(feed.id, _items(5))
    ids = sorted(a.id for a in store.articles())
    store.add_highlight(Highlight(id="", article_id=ids[0], quote="Body 0."))
    store.add_note(Note(id="", article_id=ids[1], text="why"))
    store.set_starred(ids[2], True)
    store.set_tags(ids[3], ["keep"])
    assert sorted(store.kept_on_removal(feed.id)) == ids[:4]
    store.remove_feed(feed.id)
    store.close()

    again = open_store(tmp_path / "desk.json")
    assert again.feeds() == []
    assert sorted(a.id for a in again.articles()) == ids[:4]
    assert again.body(ids[0]) == "<p>Body 0.</p>"
    assert len(again.highlights()) == 1 and len(again.notes()) == 1
    again.close()


def test_remove_feed_without_annotations_deletes_its_shard(tmp_path):
    store = open_store(tmp_path / "desk.json")
    feed = store.add_feed("https://x.example/feed")
    store.upsert_articles(feed.id, _items(3))
    store.flush()
    shard = tmp_path / "desk.bodies" / f"{feed.id}.json"
    assert shard.exists()
    store.remove_feed(feed.id)
    store.close()
    assert not shard.exists()
    assert open_store(tmp_path / "desk.json", readonly=True).articles() == []


def test_imported_ids_that_are_not_hex_are_accepted(tmp_path):
    store = open_store(tmp_path / "desk.json")
    feed = store.add_feed("https://x.example/feed")
    store.upsert_articles(feed.id, _items(1))
    article = store.articles()[0]
    store.add_highlight(Highlight(id="from-another-desk-42", article_id=article.id, quote="q"))
    store.close()
    assert open_store(tmp_path / "desk.json", readonly=True).highlights()[0].id == (
        "from-another-desk-42"
    )
