"""Provides FullTextRecords: the full article kept in the body shard beside the feed's text.

The shard document of an article holds the feed's `html` and `summary` as the feed gave
them and, once fetched, `full_html` with `full_extractor` and `full_fetched`. A refresh
merges the feed's fields into that document, so the full article survives it. The index
only carries two flags (`has_full`, `show_full`), left out of the stored record while False.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsdesk.store.annotations import require
from newsdesk.store.bodies import BodyRecords
from newsdesk.store.records import doc_id

if TYPE_CHECKING:
    from newsdesk.store.article_index import ArticleIndex
    from newsdesk.store.article_table import ArticleTable
    from newsdesk.store.engine import DeskEngine


class FullTextRecords(BodyRecords):
    """The full-text part of TinyDBStore (a mixin over its engine and article index)."""

    _engine: DeskEngine
    _articles: ArticleTable
    _index: ArticleIndex

    def full_text(self, article_id: str) -> str:
        doc = self._body_doc(article_id)
        return str(doc.get("full_html", "")) if doc is not None else ""

    def set_full_text(
        self, article_id: str, html: str, *, extractor: str = "", fetched: datetime | None = None
    ) -> None:
        article = require(self._articles, article_id, "article")
        did = doc_id(article_id)
        shard = self._engine.shard(article.feed_id)
        when = (fetched or datetime.now(UTC)).replace(microsecond=0).isoformat()
        fields = {"full_html": html, "full_extractor": extractor, "full_fetched": when}
        if shard.contains(doc_id=did):
            shard.update(fields, doc_ids=[did])
        else:  # a body never stored (restored from an export): the full text stands alone
            from tinydb.table import Document

            shard.insert(Document({"id": article_id, "html": "", "summary": "", **fields}, did))
            self._engine.keep_bodies(article.feed_id, [did])
        if not article.has_full:
            self._index.put(dataclasses.replace(article, has_full=True))

    def set_show_full(self, article_id: str, show_full: bool) -> None:
        article = self._articles.get(article_id)
        if article is None or article.show_full == show_full:
            return
        self._index.put(dataclasses.replace(article, show_full=show_full))
