"""Provides TinyDBStore: the only module that imports tinydb.

The main file holds what the user owns and what lists need (feeds, the article index,
annotations, settings, meta); bodies live in one shard per feed under `<name>.bodies/` and
are read only when an article is opened. All data stays in memory; TinyDB writes only mark
it dirty, and `flush` persists it atomically, so a keypress never waits on a rewrite.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from newsdesk.core.errors import DeskCorruptError, DeskError, DeskWriteError
from newsdesk.core.models import Article, Feed, Highlight, Note, Stats
from newsdesk.core.ports import ArticleInput, UpsertResult
from newsdesk.store.atomic import BackgroundWriter, atomic_write, remove_stale_temps
from newsdesk.store.desk_file import (
    APP_TAG,
    SCHEMA_VERSION,
    backup_hint,
    backup_path,
    load_desk,
    search_shards,
    write_message,
)
from newsdesk.store.lock import DeskLock
from newsdesk.store.records import (
    article_from_doc,
    changes_to_doc,
    doc_id,
    from_doc,
    random_key,
    stable_key,
    to_doc,
)

SHARDS_KEPT = 4  # body shards kept in memory after a flush


class _IntKeys(MutableMapping[int, Any]):
    """TinyDB's updaters want int ids; this views the stored str-keyed table without copying it."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, key: int) -> Any:
        return self.raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self.raw[str(key)]

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self.raw))

    def __len__(self) -> int:
        return len(self.raw)

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw


class _FastTable(Table):
    """Table whose updates touch only the changed documents (stock TinyDB copies the table)."""

    def _update_table(self, updater: Callable[[Any], None]) -> None:
        tables = self._storage.read()
        raw = tables.setdefault(self.name, {})
        updater(_IntKeys(raw))
        self._storage.write(tables)
        self.clear_cache()


class _DeskDB(TinyDB):
    table_class = _FastTable


class _MemoryStorage(Storage):
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


def _open_db(data: dict[str, Any]) -> tuple[TinyDB, _MemoryStorage]:
    storage = _MemoryStorage(data)
    return _DeskDB(storage=lambda: storage), storage


class _Shard:
    """One feed's bodies; a small TinyDB of its own, loaded on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = orjson.loads(path.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                # bodies can be fetched again; keep the bad file aside rather than overwrite it
                with contextlib.suppress(OSError):
                    path.rename(path.with_name(path.name + ".corrupt"))
                data = {}
        self.db, self.storage = _open_db(data if isinstance(data, dict) else {})
        self.table = self.db.table("bodies")


class TinyDBStore:
    def __init__(self, path: Path, data: dict[str, Any], readonly: bool, lock: DeskLock | None):
        self.path = path
        self.readonly = readonly
        self.bodies_dir = path.with_suffix(".bodies")
        self._lock = lock
        self._db, self._storage = _open_db(data)
        self._t_feeds = self._db.table("feeds")
        self._t_articles = self._db.table("articles")
        self._t_highlights = self._db.table("highlights")
        self._t_notes = self._db.table("notes")
        self._t_settings = self._db.table("settings")
        self._shards: dict[str, _Shard] = {}
        self._failed: set[Path] = set()
        self._on_write_error: Callable[[Exception], None] | None = None
        self._writer: BackgroundWriter | None = None
        raw = self._storage.data
        try:
            self._feeds = {d["id"]: from_doc(Feed, d) for d in raw.get("feeds", {}).values()}
            self._articles = {
                d["id"]: article_from_doc(d) for d in raw.get("articles", {}).values()
            }
            self._highlights = {
                d["id"]: from_doc(Highlight, d) for d in raw.get("highlights", {}).values()
            }
            self._notes = {d["id"]: from_doc(Note, d) for d in raw.get("notes", {}).values()}
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            # a hand-edited or damaged desk: refuse it cleanly instead of a traceback
            raise DeskCorruptError(
                f"{path} is a newsdesk desk but a record in it is damaged ({error!r}). "
                "It was left untouched." + backup_hint(path)
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
            return cls._open(path, readonly)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _open(cls, path: Path | str, readonly: bool) -> TinyDBStore:
        path = Path(path).expanduser().absolute()
        if readonly:
            if not path.exists():
                raise DeskError(f"No desk at {path}.")
            return cls(path, load_desk(path), True, None)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = DeskLock(path)
        lock.acquire()
        try:
            remove_stale_temps(path)
            remove_stale_temps(backup_path(path))
            if path.exists():
                data = load_desk(path)
            else:
                data = {
                    "meta": {
                        "1": {
                            "app": APP_TAG,
                            "schema": SCHEMA_VERSION,
                            "created": datetime.now(UTC).isoformat(),
                        }
                    }
                }
                atomic_write(path, orjson.dumps(data))
            store = cls(path, data, False, lock)
            if store.bodies_dir.exists():
                # by temp name, not per shard: a shard whose first write was killed has no file
                for leftover in store.bodies_dir.glob(".*.json.*.tmp"):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        except BaseException:
            lock.release()
            raise
        return store

    def set_write_error_handler(self, handler: Callable[[Exception], None]) -> None:
        self._on_write_error = handler

    def _targets(self) -> list[tuple[Path, _MemoryStorage, Path | None]]:
        out: list[tuple[Path, _MemoryStorage, Path | None]] = []
        if self._storage.dirty or self.path in self._failed:
            out.append((self.path, self._storage, backup_path(self.path)))
        for shard in self._shards.values():
            if shard.storage.dirty or shard.path in self._failed:
                out.append((shard.path, shard.storage, None))
        return out

    @property
    def dirty(self) -> bool:
        return bool(self._targets())

    def flush(self) -> None:
        """Persist every change now; raises DeskWriteError and keeps the changes on failure."""
        if self.readonly:
            return
        if self._writer is not None:
            self._writer.drain()
        for target, storage, backup in self._targets():
            data = orjson.dumps(storage.data)
            if target != self.path:
                target.parent.mkdir(parents=True, exist_ok=True)
            try:
                atomic_write(target, data, backup)
            except OSError as error:
                self._failed.add(target)
                raise DeskWriteError(write_message(target, error)) from error
            storage.dirty = False
            self._failed.discard(target)
        self._evict_shards()

    def flush_in_background(self) -> None:
        """Serialise now (cheap with orjson) and leave the disk work to the writer thread."""
        if self.readonly:
            return
        self._evict_shards()  # before submitting: only shards already written can go
        targets = self._targets()
        if not targets:
            return
        if self._writer is None:
            self._writer = BackgroundWriter(self._background_failed)
        for target, storage, backup in targets:
            if target != self.path:
                target.parent.mkdir(parents=True, exist_ok=True)
            self._failed.discard(target)
            self._writer.submit(target, orjson.dumps(storage.data), backup)
            storage.dirty = False

    def _background_failed(self, target: Path, error: Exception) -> None:
        self._failed.add(target)
        if self._on_write_error is not None:
            self._on_write_error(DeskWriteError(write_message(target, error)))

    def _evict_shards(self) -> None:
        if self._writer is not None and not self._writer.drain(timeout=0):
            return  # a shard may still be on its way to disk (or about to fail): keep them all
        for feed_id in list(self._shards)[:-SHARDS_KEPT]:
            shard = self._shards[feed_id]
            if not shard.storage.dirty and shard.path not in self._failed:
                del self._shards[feed_id]

    def close(self) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
            self.flush()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

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
        feed = Feed(id=stable_key("feed", url), url=url, title=title, tags=tuple(tags))
        self._t_feeds.insert(Document(to_doc(feed), doc_id=doc_id(feed.id)))
        self._feeds[feed.id] = feed
        return feed

    def update_feed(self, feed_id: str, **changes: Any) -> Feed:
        feed = self._require(self._feeds, feed_id, "feed")
        new = _replace(feed, changes)
        self._t_feeds.update(changes_to_doc(changes), doc_ids=[doc_id(feed_id)])
        self._feeds[feed_id] = new
        return new

    def kept_on_removal(self, feed_id: str) -> list[str]:
        """Articles of a feed that removing it keeps: starred, tagged or annotated ones."""
        noted = {h.article_id for h in self._highlights.values()}
        noted |= {n.article_id for n in self._notes.values()}
        return [
            a.id
            for a in self._articles.values()
            if a.feed_id == feed_id and (a.starred or a.tags or a.id in noted)
        ]

    def remove_feed(self, feed_id: str) -> None:
        """Unsubscribe; annotated, starred and tagged articles stay, so no note is ever lost."""
        self._require(self._feeds, feed_id, "feed")
        kept = set(self.kept_on_removal(feed_id))
        ids = [a.id for a in self._articles.values() if a.feed_id == feed_id and a.id not in kept]
        self.remove_articles(ids)
        self._t_feeds.remove(doc_ids=[doc_id(feed_id)])
        del self._feeds[feed_id]
        if kept:
            return  # the shard still holds the kept articles' bodies
        self._shards.pop(feed_id, None)
        if self._writer is not None:
            self._writer.drain()  # a pending write of this shard would bring it back
        with contextlib.suppress(OSError):
            self._shard_path(feed_id).unlink()

    # -- articles --------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        return list(self._articles.values())

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def _shard_path(self, feed_id: str) -> Path:
        return self.bodies_dir / f"{feed_id}.json"

    def _shard(self, feed_id: str) -> _Shard:
        shard = self._shards.pop(feed_id, None) or _Shard(self._shard_path(feed_id))
        self._shards[feed_id] = shard  # most recently used last
        return shard

    def body(self, article_id: str) -> str:
        article = self._articles.get(article_id)
        if article is None:
            return ""
        doc = self._shard(article.feed_id).table.get(doc_id=doc_id(article_id))
        return str(doc.get("html", "")) if isinstance(doc, dict) else ""

    def summary(self, article_id: str) -> str:
        """The feed's teaser text; kept with the body so the index stays small."""
        article = self._articles.get(article_id)
        if article is None:
            return ""
        doc = self._shard(article.feed_id).table.get(doc_id=doc_id(article_id))
        return str(doc.get("summary", "")) if isinstance(doc, dict) else ""

    def search_bodies(self, query: str) -> set[str]:
        """Ids of articles whose body text contains `query` (case-insensitive).

        Reads the shard files directly and keeps nothing, so it is safe in a worker thread
        and a 50,000-article desk does not hold every body in memory.
        """
        return search_shards(self.bodies_dir, query)

    def upsert_articles(self, feed_id: str, items: Sequence[ArticleInput]) -> UpsertResult:
        self._require(self._feeds, feed_id, "feed")
        shard = self._shard(feed_id)
        now = datetime.now(UTC).replace(microsecond=0)
        new_docs: list[Document] = []
        new_bodies: list[Document] = []
        new_ids: list[str] = []
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
            body_doc = {"id": key, "html": item.body, "summary": item.summary}
            old = self._articles.get(key)
            if old is None:
                article = Article(id=key, feed_id=feed_id, guid=item.guid, fetched=now, **fields)
                self._articles[key] = article
                new_docs.append(Document(to_doc(article), doc_id=did))
                new_bodies.append(Document(body_doc, doc_id=did))
                new_ids.append(key)
                continue
            changed = {k: v for k, v in fields.items() if getattr(old, k) != v}
            stored = shard.table.get(doc_id=did)
            body_changed = not isinstance(stored, dict) or any(
                stored.get(k) != v for k, v in body_doc.items()
            )
            if changed:
                self._t_articles.update(changes_to_doc(changed), doc_ids=[did])
                self._articles[key] = _replace(old, changed)
            if body_changed:
                shard.table.upsert(Document(body_doc, doc_id=did))
            if changed or body_changed:
                updated += 1
        if new_docs:
            self._t_articles.insert_multiple(new_docs)
            # a crash between the main file and the shard can leave bodies of removed articles
            stale = [d.doc_id for d in new_bodies if shard.table.contains(doc_id=d.doc_id)]
            if stale:
                shard.table.remove(doc_ids=stale)
            shard.table.insert_multiple(new_bodies)
        return UpsertResult(new=len(new_docs), updated=updated, new_ids=tuple(new_ids))

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> None:
        self._set_flag(article_ids, "read", read)

    def set_starred(self, article_id: str, starred: bool) -> None:
        self._set_flag([article_id], "starred", starred)

    def _set_flag(self, article_ids: Iterable[str], name: str, value: bool) -> None:
        changed = [
            a
            for a in map(self._articles.get, article_ids)
            if a is not None and getattr(a, name) != value
        ]
        if not changed:
            return
        self._t_articles.update({name: value}, doc_ids=[doc_id(a.id) for a in changed])
        for article in changed:
            self._articles[article.id] = _replace(article, {name: value})

    def set_tags(self, article_id: str, tags: Sequence[str]) -> None:
        article = self._require(self._articles, article_id, "article")
        clean = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        self._t_articles.update({"tags": list(clean)}, doc_ids=[doc_id(article_id)])
        self._articles[article_id] = _replace(article, {"tags": clean})

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        gone = [a for a in map(self._articles.get, article_ids) if a is not None]
        if not gone:
            return 0
        self._t_articles.remove(doc_ids=[doc_id(a.id) for a in gone])
        by_feed: dict[str, list[int]] = {}
        for article in gone:
            del self._articles[article.id]
            by_feed.setdefault(article.feed_id, []).append(doc_id(article.id))
        for feed_id, ids in by_feed.items():
            table = self._shard(feed_id).table
            table.remove(doc_ids=[i for i in ids if table.contains(doc_id=i)])
        return len(gone)

    # -- annotations -----------------------------------------------------------------------

    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        found = [
            h for h in self._highlights.values() if article_id is None or h.article_id == article_id
        ]
        return sorted(found, key=lambda h: (h.article_id, h.start, h.created))

    def add_highlight(self, highlight: Highlight) -> Highlight:
        if not highlight.id:
            highlight = _replace(highlight, {"id": random_key()})
        self._t_highlights.upsert(Document(to_doc(highlight), doc_id=doc_id(highlight.id)))
        self._highlights[highlight.id] = highlight
        return highlight

    def update_highlight(self, highlight_id: str, **changes: Any) -> Highlight:
        old = self._require(self._highlights, highlight_id, "highlight")
        self._t_highlights.update(changes_to_doc(changes), doc_ids=[doc_id(highlight_id)])
        new = self._highlights[highlight_id] = _replace(old, changes)
        return new

    def remove_highlight(self, highlight_id: str) -> None:
        self._require(self._highlights, highlight_id, "highlight")
        self._t_highlights.remove(doc_ids=[doc_id(highlight_id)])
        del self._highlights[highlight_id]

    def notes(self, article_id: str | None = None) -> list[Note]:
        found = [
            n for n in self._notes.values() if article_id is None or n.article_id == article_id
        ]
        return sorted(found, key=lambda n: n.created)

    def add_note(self, note: Note) -> Note:
        if not note.id:
            note = _replace(note, {"id": random_key()})
        self._t_notes.upsert(Document(to_doc(note), doc_id=doc_id(note.id)))
        self._notes[note.id] = note
        return note

    def update_note(self, note_id: str, **changes: Any) -> Note:
        old = self._require(self._notes, note_id, "note")
        self._t_notes.update(changes_to_doc(changes), doc_ids=[doc_id(note_id)])
        new = self._notes[note_id] = _replace(old, changes)
        return new

    def remove_note(self, note_id: str) -> None:
        self._require(self._notes, note_id, "note")
        self._t_notes.remove(doc_ids=[doc_id(note_id)])
        del self._notes[note_id]

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
        articles = self._articles.values()
        return Stats(
            feeds=len(self._feeds),
            articles=len(self._articles),
            unread=sum(1 for a in articles if not a.read),
            starred=sum(1 for a in articles if a.starred),
            highlights=len(self._highlights),
            notes=len(self._notes),
            failed_feeds=sum(1 for f in self._feeds.values() if f.failed),
        )

    @staticmethod
    def _require(table: dict[str, Any], key: str, what: str) -> Any:
        try:
            return table[key]
        except KeyError:
            raise DeskError(f"No {what} with id {key}.") from None

    # -- restore (notes import) ------------------------------------------------------------

    def restore_article(self, article: Article) -> Article:
        """Insert an article record from an export, keeping its user state and dates.

        Its id becomes this store's key for (feed_id, guid), so a later refresh of the feed
        merges with it; if that article is already in the desk it is returned unchanged. The
        body stays empty until the feed delivers the article again.
        """
        self._require(self._feeds, article.feed_id, "feed")
        key = stable_key(article.feed_id, article.guid)
        existing = self._articles.get(key)
        if existing is not None:
            return existing
        article = _replace(article, {"id": key})
        self._t_articles.insert(Document(to_doc(article), doc_id=doc_id(key)))
        self._articles[key] = article
        return article


def _replace(model: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(model, **changes)
