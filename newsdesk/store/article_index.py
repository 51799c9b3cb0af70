"""Provides ArticleIndex: the open desk's articles, held once, as the frozen models lists read.

The index used to be held twice, as TinyDB documents (what gets written) and as models
(what lists read): about a kilobyte an article, most of it the documents. Now only the
models are kept, and the documents are made when the file is written, a slice at a time,
from a snapshot taken when the write is asked for. Models never change, so the snapshot is
the index as it was at that instant even when the writer thread turns it into JSON later,
while keys go on changing the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from newsdesk.core.models import Article
from newsdesk.store.records import article_doc, article_from_doc, doc_id

SLICE = 2048  # documents made and serialised at a time: the GIL is let go between slices


class ArticleIndex:
    """The articles by id; whoever changes it tells the engine (`DeskEngine.index_changed`)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Article] = {}

    def load(self, slices: Iterable[dict[str, Any]]) -> None:
        """Take the stored documents slice by slice (see newsdesk.store.index_stream)."""
        by_id = self.by_id
        for table in slices:
            for doc in table.values():
                article = article_from_doc(doc)
                by_id[article.id] = article

    def snapshot(self) -> IndexSnapshot:
        return IndexSnapshot(list(self.by_id.values()))


class IndexSnapshot:
    """The index at one instant, written out on demand."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles

    def pieces(self) -> Iterator[bytes]:
        """The table's JSON ({doc id: document}) in pieces, each made as it is written."""
        articles = self.articles
        yield b"{"
        for start in range(0, len(articles), SLICE):
            part = {str(doc_id(a.id)): article_doc(a) for a in articles[start : start + SLICE]}
            if start:
                yield b","
            yield orjson.dumps(part)[1:-1]
        yield b"}"

    def docs(self, chosen: Iterable[int]) -> dict[str, dict[str, Any]]:
        """The documents of the articles at positions `chosen`, in that order."""
        articles = self.articles
        return {str(doc_id(articles[i].id)): article_doc(articles[i]) for i in chosen}
