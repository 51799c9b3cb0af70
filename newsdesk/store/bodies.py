"""Provides BodyRecords: reading what the body shards hold (bodies, teasers, attachments).

A mixin of TinyDBStore: bodies stay in the feed's shard beside the index, so these read one
shard (or its file, when it is not loaded) and never hold every body in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.store.desk_file import search_shards, shard_bodies, shard_ids
from newsdesk.store.records import doc_id, enclosures_from_doc

if TYPE_CHECKING:
    from newsdesk.core.enclosure import Enclosure
    from newsdesk.store.article_table import ArticleTable
    from newsdesk.store.engine import DeskEngine


class BodyRecords:
    """The body-shard reads of TinyDBStore (a mixin over its engine and article index)."""

    _engine: DeskEngine
    _articles: ArticleTable
    _unchecked: dict[str, set[int]] | None
    bodies_dir: Path

    def _body_doc(self, article_id: str) -> dict[str, Any] | None:
        article = self._articles.get(article_id)
        if article is None:
            return None
        doc = self._engine.shard(article.feed_id).get(doc_id=doc_id(article_id))
        return doc if isinstance(doc, dict) else None

    def body(self, article_id: str) -> str:
        doc = self._body_doc(article_id)
        return str(doc.get("html", "")) if doc is not None else ""

    def summary(self, article_id: str) -> str:
        """The feed's teaser text; kept with the body so the index stays small."""
        doc = self._body_doc(article_id)
        return str(doc.get("summary", "")) if doc is not None else ""

    def enclosures(self, article_id: str) -> list[Enclosure]:
        return enclosures_from_doc(self._body_doc(article_id))

    def bodies_missing(self, feed_id: str) -> bool:
        """Whether an article of the feed has no body on disk: its shard is missing, corrupt
        or older than the index (damage, or a crash of an older newsdesk). Each feed is
        checked once an open; after that this desk's own writes keep bodies with articles.
        A refresh then fetches the feed unconditionally, which puts the bodies back."""
        if self._unchecked is None:
            self._unchecked = {}
            table = self._articles
            for row in table.rows():
                self._unchecked.setdefault(table.feed_id_at(row), set()).add(table.doc_id(row))
        wanted = self._unchecked.pop(feed_id, None)
        if not wanted:
            return False
        loaded = self._engine.loaded_shard(feed_id)
        if loaded is not None:
            return any(not loaded.contains(doc_id=i) for i in wanted)
        return bool(wanted - shard_ids(self._engine.shard_path(feed_id)))

    def body_heads(self, article_ids: Iterable[str], limit: int) -> dict[str, str]:
        by_feed: dict[str, list[str]] = {}
        for article_id in article_ids:
            article = self._articles.get(article_id)
            if article is not None:
                by_feed.setdefault(article.feed_id, []).append(article_id)
        out: dict[str, str] = {}
        for feed_id, ids in by_feed.items():
            loaded = self._engine.loaded_shard(feed_id)
            docs: Any = None
            if loaded is None:
                docs = shard_bodies(self._engine.shard_path(feed_id))
            for article_id in ids:
                key = doc_id(article_id)
                doc = loaded.get(doc_id=key) if loaded is not None else docs.get(str(key))
                if isinstance(doc, dict):
                    text = doc.get("html") or doc.get("summary") or ""
                    out[article_id] = str(text)[:limit]
        return out

    def search_bodies(self, query: str, stop: Callable[[], bool] | None = None) -> set[str]:
        """Ids of articles whose body text contains `query` (case-insensitive).

        Reads the shard files directly and keeps nothing, so it is safe in a worker thread
        and a 50,000-article desk does not hold every body in memory.
        """
        return search_shards(self.bodies_dir, query, stop)
