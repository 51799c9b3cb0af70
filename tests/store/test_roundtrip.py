"""Every record type survives close + reopen unchanged; keys are stable; stats count right."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from storehelp import BASE_TIME, make_items

from newsdesk.core.errors import NotFoundError
from newsdesk.core.models import Article, Feed, Highlight, Note, Stats
from newsdesk.core.ports import ArticleInput, UpsertResult
from newsdesk.store import open_store

FEED_URL = "https://example.org/feed.xml"


def reopen(store):  # type: ignore[no-untyped-def]
    path = store.path
    store.close()
    return open_store(path)


def test_feed_all_fields_round_trip(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL, "Example", tags=["tech", "daily"])
    fetched = datetime(2024, 6, 2, 8, 30, 15, 123456, tzinfo=UTC)
    updated = store.update_feed(
        feed.id,
        site_url="https://example.org/",
        kind="rss",
        etag='W/"abc-123"',
        last_modified="Sun, 02 Jun 2024 08:30:15 GMT",
        last_status="not_modified",
        error=None,
        failures=3,
        last_fetched=fetched,
        disabled=True,
    )
    store = reopen(store)
    again = store.feed(feed.id)
    assert again == updated
    assert again is not None
    assert again.tags == ("tech", "daily")
    assert isinstance(again.tags, tuple)
    assert again.last_fetched == fetched and again.last_fetched.tzinfo is not None
    assert again.added == feed.added
    assert again.failed  # disabled counts as failed
    assert store.feed_by_url(FEED_URL) == updated
    assert [f.id for f in store.feeds()] == [feed.id]
    store.close()


def test_add_feed_twice_returns_existing(desk_path: Path) -> None:
    store = open_store(desk_path)
    first = store.add_feed(FEED_URL, "One")
    second = store.add_feed(FEED_URL, "Two")
    assert second == first
    assert len(store.feeds()) == 1
    store.close()


def test_feeds_sorted_by_display_title(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.add_feed("https://b.example/feed", "beta")
    store.add_feed("https://a.example/feed", "Alpha")
    store.add_feed("https://c.example/feed", "")  # displays as its URL
    store = reopen(store)
    assert [f.display_title for f in store.feeds()] == ["Alpha", "beta", "https://c.example/feed"]
    store.close()


def test_articles_bodies_and_flags_round_trip(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL, "Example")
    items = make_items(5)
    items[1] = dataclasses.replace(
        items[1], updated=BASE_TIME + timedelta(days=1), body="<p>Ünïcødé — “quotes” 日本語</p>"
    )
    result = store.upsert_articles(feed.id, items)
    assert result.new == 5 and result.updated == 0 and len(result.new_ids) == 5
    ids = list(result.new_ids)
    store.set_read(ids[:2])
    store.set_starred(ids[2], True)
    store.set_tags(ids[3], [" ai ", "ai", "", "python"])
    before = {a.id: a for a in store.articles()}
    assert before[ids[3]].tags == ("ai", "python")

    store = reopen(store)
    after = {a.id: a for a in store.articles()}
    assert after == before
    for item, article_id in zip(items, ids, strict=True):
        article = store.article(article_id)
        assert article is not None
        assert (article.guid, article.title, article.link, article.author) == (
            item.guid,
            item.title,
            item.link,
            item.author,
        )
        assert store.summary(article.id) == item.summary
        assert article.published == item.published
        assert article.updated == item.updated
        assert article.feed_id == feed.id
        assert store.body(article_id) == item.body
    assert [after[i].read for i in ids] == [True, True, False, False, False]
    assert [after[i].starred for i in ids] == [False, False, True, False, False]
    assert after[ids[3]].tags == ("ai", "python")
    assert store.body("0" * 15) == ""
    assert store.article("0" * 15) is None
    store.close()


def test_reupsert_updates_in_place_and_keeps_user_state(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    items = make_items(3)
    ids = list(store.upsert_articles(feed.id, items).new_ids)
    store.set_read([ids[0]])
    store.set_starred(ids[0], True)
    store.set_tags(ids[0], ["keep"])
    fetched_before = store.article(ids[0]).fetched  # type: ignore[union-attr]
    store = reopen(store)

    changed = [
        dataclasses.replace(items[0], title="New title", body="<p>new body</p>"),
        items[1],  # unchanged
        dataclasses.replace(items[2], body="<p>only the body changed</p>"),
        *make_items(1, prefix="fresh"),
    ]
    result = store.upsert_articles(feed.id, changed)
    assert result == UpsertResult(new=1, updated=2, new_ids=result.new_ids)
    assert len(result.new_ids) == 1
    store = reopen(store)

    assert len(store.articles()) == 4
    first = store.article(ids[0])
    assert first is not None
    assert first.title == "New title"
    assert (first.read, first.starred, first.tags) == (True, True, ("keep",))
    assert first.fetched == fetched_before
    assert store.body(ids[0]) == "<p>new body</p>"
    assert store.body(ids[2]) == "<p>only the body changed</p>"
    assert store.article(ids[2]).title == items[2].title  # type: ignore[union-attr]
    store.close()


def test_duplicate_guids_in_one_batch_count_once(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    item = make_items(1)[0]
    result = store.upsert_articles(feed.id, [item, dataclasses.replace(item, title="dup")])
    assert result.new == 1
    assert len(store.articles()) == 1
    store.close()


def test_upsert_into_unknown_feed_is_refused(desk_path: Path) -> None:
    store = open_store(desk_path)
    with pytest.raises(NotFoundError):
        store.upsert_articles("0" * 15, make_items(1))
    store.close()


def test_highlights_and_notes_round_trip(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    (article_id,) = store.upsert_articles(feed.id, make_items(1)).new_ids
    created = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)
    h1 = store.add_highlight(
        Highlight(
            id="",
            article_id=article_id,
            quote="quoted text",
            prefix="before ",
            suffix=" after",
            start=10,
            end=21,
            kind="claim",
            created=created,
        )
    )
    assert h1.id  # an id was assigned
    h2 = store.add_highlight(Highlight(id="", article_id=article_id, quote="second", start=2))
    h1 = store.update_highlight(h1.id, orphaned=True)
    n1 = store.add_note(
        Note(
            id="",
            article_id=article_id,
            text="a note\nwith lines",
            highlight_id=h1.id,
            created=created,
            updated=created,
        )
    )
    n2 = store.add_note(
        Note(id="", article_id=article_id, text="later", created=created + timedelta(hours=1))
    )
    n1 = store.update_note(n1.id, text="edited", updated=created + timedelta(days=1))

    store = reopen(store)
    assert store.highlights() == [h2, h1]  # sorted by start
    assert store.highlights(article_id) == [h2, h1]
    assert store.highlights("f" * 15) == []
    assert store.notes(article_id) == [n1, n2]
    assert store.notes()[0].text == "edited"
    assert store.notes()[0].highlight_id == h1.id

    store.remove_highlight(h2.id)
    store.remove_note(n2.id)
    store = reopen(store)
    assert store.highlights() == [h1]
    assert store.notes() == [n1]
    with pytest.raises(NotFoundError):
        store.remove_highlight(h2.id)
    with pytest.raises(NotFoundError):
        store.update_note(n2.id, text="gone")
    store.close()


@pytest.mark.parametrize(
    "value",
    [
        "text with ünïcode",
        "",
        0,
        42,
        -7,
        3.5,
        True,
        None,
        {"a": 1, "nested": {"list": [1, "two", None]}},
        [1, "two", {"three": 3}],
        [],
    ],
    ids=repr,
)
def test_settings_round_trip(desk_path: Path, value: object) -> None:
    store = open_store(desk_path)
    store.set_setting("the.key", value)
    store = reopen(store)
    assert store.setting("the.key", "default") == value
    assert type(store.setting("the.key", "default")) is type(value)
    store.close()


def test_settings_overwrite_and_default(desk_path: Path) -> None:
    store = open_store(desk_path)
    assert store.setting("missing") is None
    assert store.setting("missing", {"d": 1}) == {"d": 1}
    store.set_setting("theme", "dark")
    store.set_setting("theme", "light")
    store.set_setting("width", 80)
    store = reopen(store)
    assert store.setting("theme") == "light"
    assert store.setting("width") == 80
    store.close()


def test_article_and_feed_keys_are_stable_across_desks(tmp_path: Path) -> None:
    keys = []
    for name in ("one", "two"):
        store = open_store(tmp_path / name / "desk.json")
        feed = store.add_feed(FEED_URL, title=name)
        result = store.upsert_articles(feed.id, make_items(3))
        keys.append((feed.id, result.new_ids))
        store.close()
    assert keys[0] == keys[1]
    # a different feed with the same guids gets different article keys
    store = open_store(tmp_path / "one" / "desk.json")
    other = store.add_feed("https://other.example/feed")
    assert set(store.upsert_articles(other.id, make_items(3)).new_ids).isdisjoint(keys[0][1])
    store.close()


def test_remove_feed_removes_articles_and_shard(desk_path: Path) -> None:
    store = open_store(desk_path)
    keep = store.add_feed("https://keep.example/feed")
    gone = store.add_feed("https://gone.example/feed")
    kept_ids = store.upsert_articles(keep.id, make_items(2, prefix="k")).new_ids
    gone_ids = store.upsert_articles(gone.id, make_items(3, prefix="g")).new_ids
    store.flush()
    shard = store.bodies_dir / f"{gone.id}.json"
    assert shard.exists()

    store.remove_feed(gone.id)
    assert shard.exists(), "the main file on disk still lists the feed's articles"
    store.flush()
    assert not shard.exists()
    assert store.feed(gone.id) is None
    assert all(store.article(i) is None for i in gone_ids)
    store = reopen(store)
    assert [f.id for f in store.feeds()] == [keep.id]
    assert sorted(a.id for a in store.articles()) == sorted(kept_ids)
    assert not shard.exists()
    assert store.body(kept_ids[0]).startswith("<p>k0 ")
    with pytest.raises(NotFoundError):
        store.remove_feed(gone.id)
    store.close()


def test_remove_then_readd_feed_starts_clean(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    ids = store.upsert_articles(feed.id, make_items(3)).new_ids
    store.set_read(ids)
    store = reopen(store)
    store.remove_feed(feed.id)
    store = reopen(store)
    again = store.add_feed(FEED_URL)
    assert again.id == feed.id
    result = store.upsert_articles(again.id, make_items(3))
    assert result.new == 3 and set(result.new_ids) == set(ids)
    assert not any(a.read for a in store.articles())
    store.close()


def test_remove_articles(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    ids = store.upsert_articles(feed.id, make_items(4)).new_ids
    assert store.remove_articles([ids[0], ids[1], "0" * 15]) == 2
    assert store.remove_articles([]) == 0
    store = reopen(store)
    assert sorted(a.id for a in store.articles()) == sorted(ids[2:])
    assert store.body(ids[0]) == ""
    assert store.body(ids[3]).startswith("<p>g3 ")
    store.close()


def test_stats_counts(desk_path: Path) -> None:
    store = open_store(desk_path)
    assert store.stats() == Stats(0, 0, 0, 0, 0, 0, 0)
    a = store.add_feed("https://a.example/feed")
    b = store.add_feed("https://b.example/feed")
    c = store.add_feed("https://c.example/feed")
    store.update_feed(b.id, last_status="failed", error="HTTP 500")
    store.update_feed(c.id, disabled=True)
    ids = list(store.upsert_articles(a.id, make_items(6)).new_ids)
    ids += store.upsert_articles(b.id, make_items(2, prefix="b")).new_ids
    store.set_read(ids[:3])
    store.set_starred(ids[0], True)
    store.set_starred(ids[5], True)
    store.add_highlight(Highlight(id="", article_id=ids[0], quote="q"))
    store.add_note(Note(id="", article_id=ids[0], text="n1"))
    store.add_note(Note(id="", article_id=ids[1], text="n2"))
    expected = Stats(
        feeds=3, articles=8, unread=5, starred=2, highlights=1, notes=2, failed_feeds=2
    )
    assert store.stats() == expected
    store = reopen(store)
    assert store.stats() == expected
    store.close()
    readonly = open_store(desk_path, readonly=True)
    assert readonly.stats() == expected


def test_datetimes_stored_as_iso_strings(desk_path: Path) -> None:
    """The file format stays plain JSON other tools can read."""
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    store.update_feed(feed.id, last_fetched=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    store.close()
    data = orjson.loads(desk_path.read_bytes())
    (doc,) = data["feeds"].values()
    assert doc["last_fetched"] == "2024-01-02T03:04:05+00:00"
    assert doc["tags"] == []


def test_models_are_what_the_store_returns(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    store.upsert_articles(feed.id, [ArticleInput("g", "t", "", "", BASE_TIME, None, "", "")])
    assert isinstance(store.feeds()[0], Feed)
    assert isinstance(store.articles()[0], Article)
    store.close()


def test_reopen_without_changes_keeps_file(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.add_feed(FEED_URL)
    store.close()
    before = desk_path.read_bytes()
    store = open_store(desk_path)
    assert not store.dirty
    store.close()
    assert desk_path.read_bytes() == before


def test_flush_keeps_previous_file_as_backup(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.set_setting("v", 1)
    store.flush()
    first = desk_path.read_bytes()
    store.set_setting("v", 2)
    store.flush()
    bak = desk_path.with_name("desk.json.bak")
    assert bak.read_bytes() == first
    assert desk_path.read_bytes() != first
    store.close()


def test_fast_article_loader_matches_the_dataclass() -> None:
    """The start-up loader must build exactly what from_doc builds, field for field."""
    from newsdesk.store.records import article_from_doc, from_doc, to_doc

    full = Article(
        id="abc",
        feed_id="f1",
        guid="g",
        title="T",
        link="https://x.example/",
        author="A",
        published=BASE_TIME,
        updated=BASE_TIME,
        read=True,
        starred=True,
        tags=("a", "b"),
        fetched=BASE_TIME,
    )
    bare = Article(
        id="abd", feed_id="f1", guid="g2", title="T2", published=BASE_TIME, fetched=BASE_TIME
    )
    for article in (full, bare):
        doc = to_doc(article)
        loaded = article_from_doc(dict(doc))
        assert type(loaded) is Article
        assert loaded == from_doc(Article, dict(doc)) == article


def test_article_doc_writes_what_the_dataclass_fields_give() -> None:
    """The hand-written article record agrees with the reflective one, field for field and
    in order, for every field at and off its default (a new Article field fails this)."""
    from dataclasses import fields, replace

    from newsdesk.store.records import article_doc, fields_doc

    bare = Article(
        id="abd", feed_id="f1", guid="g2", title="T2", published=BASE_TIME, fetched=BASE_TIME
    )
    changed = {
        "link": "https://x.example/",
        "author": "A",
        "updated": BASE_TIME,
        "read": True,
        "starred": True,
        "tags": ("a", "b"),
        "has_full": True,
        "show_full": True,
    }
    assert {f.name for f in fields(Article)} == set(changed) | {
        "id",
        "feed_id",
        "guid",
        "title",
        "published",
        "fetched",
    }
    variants = [bare, replace(bare, **changed)] + [
        replace(bare, **{name: value}) for name, value in changed.items()
    ]
    for article in variants:
        assert list(article_doc(article).items()) == list(fields_doc(article).items())
