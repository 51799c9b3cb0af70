"""Provides TinyDBStore: the desk's records (feeds, articles, annotations, settings) on TinyDB.

Feeds and annotations are kept twice: as TinyDB documents in the engine's in-memory data
(what gets written) and as frozen models by id (what readers get, without a conversion per
call). Articles, 250,000 of them on a large desk, are kept once, as the columns of the
`ArticleIndex`'s table (`_articles`: a Mapping that makes a model per lookup; whole-desk
passes read its columns, `article_columns`), which makes their documents when the file is
written. Files, shards and flushing belong to `DeskEngine`.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Document

from newsdesk.core.columns import READ, STARRED, rows_of_feeds
from newsdesk.core.errors import DeskCorruptError, DeskError
from newsdesk.core.models import (
    Article,
    ClaimStatus,
    Feed,
    FeedStatus,
    Highlight,
    HighlightKind,
    Note,
    Stats,
)
from newsdesk.core.ports import KEEP, ArticleInput, Keep, UpsertResult
from newsdesk.store.annotations import AnnotationTable, given, require
from newsdesk.store.article_index import ArticleIndex
from newsdesk.store.article_table import ArticleTable
from newsdesk.store.desk_file import backup_hint
from newsdesk.store.engine import DeskEngine
from newsdesk.store.fulltext import FullTextRecords
from newsdesk.store.records import (
    body_doc,
    changes_to_doc,
    doc_id,
    from_doc,
    stable_key,
    to_doc,
)
from newsdesk.store.story_docs import StoryDocs


class TinyDBStore(FullTextRecords, StoryDocs):
    """The Store protocol (newsdesk.core.ports.Store) over a DeskEngine."""

    def __init__(self, engine: DeskEngine) -> None:
        self._engine = engine
        self.path = engine.path
        self.readonly = engine.readonly
        self.bodies_dir = engine.bodies_dir
        self._t_feeds = engine.table("feeds")
        self._t_settings = engine.table("settings")
        self._unchecked: dict[str, set[int]] | None = None  # see bodies_missing
        self._index = index = ArticleIndex()
        self._articles = index.by_id  # read here; changed through the index, which marks it
        try:
            index.load(*engine.take_index(index))  # first: see DeskEngine.take_index
            raw = engine.storage.data
            self._feeds = {d["id"]: from_doc(Feed, d) for d in raw.get("feeds", {}).values()}
            self._highlights = AnnotationTable(
                engine.table("highlights"),
                Highlight,
                raw.get("highlights", {}),
                lambda h: (h.article_id, h.start, h.created),
            )
            self._notes = AnnotationTable(
                engine.table("notes"), Note, raw.get("notes", {}), lambda n: n.created
            )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            # a hand-edited or damaged desk: refuse it cleanly instead of a traceback
            raise DeskCorruptError(
                f"{engine.path} is a newsdesk desk but a record in it is damaged ({error!r}). "
                "It was left untouched." + backup_hint(engine.path)
            ) from None

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False) -> TinyDBStore:
        # Loading makes ~12 objects an article; the cyclic GC would walk the growing heap
        # again and again meanwhile (85 ms of a 50,000-article start-up). Nothing loaded
        # here forms a cycle, so collection can wait until the load is done.
        collecting = gc.isenabled()
        gc.disable()
        try:
            engine = DeskEngine.open(path, readonly=readonly)
            try:
                store = cls(engine)
                engine.remove_leftover_shard_temps()
                engine.sweep_shards(store._articles.used_feeds())
            except BaseException:
                engine.release()
                raise
            return store
        finally:
            if collecting:
                gc.enable()

    def set_write_error_handler(self, handler: Callable[[Exception], None]) -> None:
        self._engine.set_write_error_handler(handler)

    @property
    def dirty(self) -> bool:
        return self._engine.dirty

    def flush(self) -> None:
        """Persist every change now; raises DeskWriteError and keeps the changes on failure."""
        self._engine.flush()

    def flush_in_background(self) -> None:
        self._engine.flush_in_background()

    def prepare_background_flushes(self) -> None:
        self._engine.prepare_background_flushes()

    def close(self) -> None:
        self._engine.close()

    # -- feeds -----------------------------------------------------------------------------

    def feeds(self) -> list[Feed]:
        return sorted(self._feeds.values(), key=lambda f: f.display_title.casefold())

    def feed(self, feed_id: str) -> Feed | None:
        return self._feeds.get(feed_id)

    def feed_by_url(self, url: str) -> Feed | None:
        return next((f for f in self._feeds.values() if f.url == url), None)

    def add_feed(self, url: str, title: str = "", tags: Sequence[str] = ()) -> Feed:
        existing = self.feed_by_url(url)
        if existing is not None:
            return existing
        feed_id = stable_key("feed", url)
        if feed_id in self._feeds:  # first added by this address, since moved to its feed's
            return self._feeds[feed_id]
        feed = Feed(id=feed_id, url=url, title=title, tags=tuple(tags))
        self._t_feeds.insert(Document(to_doc(feed), doc_id=doc_id(feed.id)))
        self._feeds[feed.id] = feed
        return feed

    def update_feed(
        self,
        feed_id: str,
        *,
        url: str | Keep = KEEP,
        title: str | Keep = KEEP,
        site_url: str | Keep = KEEP,
        kind: str | Keep = KEEP,
        tags: Sequence[str] | Keep = KEEP,
        etag: str | None | Keep = KEEP,
        last_modified: str | None | Keep = KEEP,
        last_status: FeedStatus | Keep = KEEP,
        error: str | None | Keep = KEEP,
        failures: int | Keep = KEEP,
        last_fetched: datetime | None | Keep = KEEP,
        disabled: bool | Keep = KEEP,
        full_text: bool | Keep = KEEP,
    ) -> Feed:
        feed = require(self._feeds, feed_id, "feed")
        changes = given(
            url=url,
            title=title,
            site_url=site_url,
            kind=kind,
            tags=tags if tags is KEEP else tuple(tags),
            etag=etag,
            last_modified=last_modified,
            last_status=last_status,
            error=error,
            failures=failures,
            last_fetched=last_fetched,
            disabled=disabled,
            full_text=full_text,
        )
        new = dataclasses.replace(feed, **changes)
        self._t_feeds.update(changes_to_doc(changes), doc_ids=[doc_id(feed_id)])
        self._feeds[feed_id] = new
        return new

    def kept_on_removal(self, feed_id: str) -> list[str]:
        """Articles of a feed that removing it keeps: starred, tagged or annotated ones."""
        noted = {h.article_id for h in self._highlights.by_id.values()}
        noted |= {n.article_id for n in self._notes.by_id.values()}
        table = self._articles
        return [
            a.id
            for a in map(table.article, rows_of_feeds(table, [feed_id]))
            if a.starred or a.tags or a.id in noted
        ]

    def remove_feed(self, feed_id: str) -> None:
        """Unsubscribe; annotated, starred and tagged articles stay, so no note is ever lost."""
        require(self._feeds, feed_id, "feed")
        kept = set(self.kept_on_removal(feed_id))
        table = self._articles
        ids = [i for i in map(table.id_at, rows_of_feeds(table, [feed_id])) if i not in kept]
        self.remove_articles(ids)
        self._t_feeds.remove(doc_ids=[doc_id(feed_id)])
        del self._feeds[feed_id]
        if not kept:  # else the shard still holds the kept articles' bodies
            self._engine.delete_shard(feed_id)

    # -- articles --------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        return list(self._articles.values())

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def article_columns(self) -> ArticleTable:
        return self._articles

    def upsert_articles(self, feed_id: str, items: Sequence[ArticleInput]) -> UpsertResult:
        require(self._feeds, feed_id, "feed")
        bodies = self._engine.shard(feed_id)
        now = datetime.now(UTC).replace(microsecond=0)
        new_bodies: list[Document] = []
        new_ids: list[str] = []
        new_articles: list[Article] = []  # stored as one batch, after the loop
        updated = 0
        seen: set[str] = set()
        for item in items:
            key = stable_key(feed_id, item.guid)
            if key in seen:
                continue
            seen.add(key)
            did = doc_id(key)
            fields = {
                "title": item.title,
                "link": item.link,
                "author": item.author,
                "published": item.published,
                "updated": item.updated,
            }
            old = self._articles.get(key)
            stored = bodies.get(doc_id=did) if old is not None else None
            body = body_doc(key, item, stored)
            if old is None:
                article = Article(id=key, feed_id=feed_id, guid=item.guid, fetched=now, **fields)
                new_articles.append(article)
                new_bodies.append(Document(body, doc_id=did))
                new_ids.append(key)
                continue
            changed = {k: v for k, v in fields.items() if getattr(old, k) != v}
            body_changed = not isinstance(stored, dict) or any(
                stored.get(k) != v for k, v in body.items()
            )
            if changed:
                self._index.put(dataclasses.replace(old, **changed))
            if body_changed:
                bodies.upsert(Document(body, doc_id=did))
            if changed or body_changed:
                updated += 1
        if new_ids:
            self._index.put_new(new_articles)
            self._engine.keep_bodies(feed_id, [d.doc_id for d in new_bodies])
            # bodies of articles removed earlier (and not yet pruned) give way to the new ones
            stale = [d.doc_id for d in new_bodies if bodies.contains(doc_id=d.doc_id)]
            if stale:
                bodies.remove(doc_ids=stale)
            bodies.insert_multiple(new_bodies)
        return UpsertResult(new=len(new_ids), updated=updated, new_ids=tuple(new_ids))

    def release_bodies(self, feed_id: str) -> None:
        self._engine.write_shard_soon(feed_id)

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> list[str]:
        return self._index.set_flag(article_ids, READ, read)

    def set_starred(self, article_id: str, starred: bool) -> None:
        self._index.set_flag([article_id], STARRED, starred)

    def set_tags(self, article_id: str, tags: Sequence[str]) -> None:
        article = require(self._articles, article_id, "article")
        clean = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        self._index.put(dataclasses.replace(article, tags=clean))

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        gone = [a for a in map(self._articles.get, article_ids) if a is not None]
        if not gone:
            return 0
        by_feed: dict[str, list[int]] = {}
        for article in gone:
            self._index.remove(article.id)
            by_feed.setdefault(article.feed_id, []).append(doc_id(article.id))
        for feed_id, ids in by_feed.items():
            self._engine.forget_bodies(feed_id, ids)
            if self._unchecked is not None:
                self._unchecked.get(feed_id, set()).difference_update(ids)
        return len(gone)

    def restore_article(self, article: Article) -> Article:
        """Insert an article record from an export, keeping its user state and dates.

        Its id becomes this store's key for (feed_id, guid), so a later refresh of the feed
        merges with it; if that article is already in the desk it is returned unchanged. The
        body stays empty until the feed delivers the article again.
        """
        require(self._feeds, article.feed_id, "feed")
        key = stable_key(article.feed_id, article.guid)
        existing = self._articles.get(key)
        if existing is not None:
            return existing
        article = dataclasses.replace(article, id=key)
        self._index.put(article)
        self._engine.keep_bodies(article.feed_id, [doc_id(key)])
        return article

    # -- annotations -----------------------------------------------------------------------

    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        return self._highlights.list(article_id)

    def add_highlight(self, highlight: Highlight) -> Highlight:
        return self._highlights.add(highlight)

    def update_highlight(
        self,
        highlight_id: str,
        *,
        quote: str | Keep = KEEP,
        prefix: str | Keep = KEEP,
        suffix: str | Keep = KEEP,
        start: int | Keep = KEEP,
        end: int | Keep = KEEP,
        kind: HighlightKind | Keep = KEEP,
        orphaned: bool | Keep = KEEP,
        status: ClaimStatus | Keep = KEEP,
        speaker: str | Keep = KEEP,
    ) -> Highlight:
        place = given(quote=quote, prefix=prefix, suffix=suffix, start=start, end=end)
        return self._highlights.update(
            highlight_id,
            place | given(kind=kind, orphaned=orphaned, status=status, speaker=speaker),
        )

    def remove_highlight(self, highlight_id: str) -> None:
        self._highlights.remove(highlight_id)

    def notes(self, article_id: str | None = None) -> list[Note]:
        return self._notes.list(article_id)

    def add_note(self, note: Note) -> Note:
        return self._notes.add(note)

    def update_note(
        self,
        note_id: str,
        *,
        text: str | Keep = KEEP,
        highlight_id: str | None | Keep = KEEP,
        updated: datetime | Keep = KEEP,
    ) -> Note:
        changes = given(text=text, highlight_id=highlight_id, updated=updated)
        return self._notes.update(note_id, changes)

    def remove_note(self, note_id: str) -> None:
        self._notes.remove(note_id)

    # -- settings and summary --------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        doc = self._t_settings.get(doc_id=doc_id(stable_key("setting", key)))
        return doc["value"] if isinstance(doc, dict) else default

    def set_setting(self, key: str, value: Any) -> None:
        try:
            orjson.dumps(value)
        except TypeError as error:
            raise DeskError(f"Setting {key!r} cannot be stored: {error}.") from None
        did = doc_id(stable_key("setting", key))
        self._t_settings.upsert(Document({"key": key, "value": value}, doc_id=did))

    def stats(self) -> Stats:
        table = self._articles
        return Stats(
            feeds=len(self._feeds),
            articles=len(table),
            unread=table.count(0, READ),
            starred=table.count(STARRED, STARRED),
            highlights=len(self._highlights.by_id),
            notes=len(self._notes.by_id),
            failed_feeds=sum(1 for f in self._feeds.values() if f.failed),
        )
