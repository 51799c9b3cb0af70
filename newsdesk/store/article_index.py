"""Provides ArticleIndex: the open desk's articles, held once, as the frozen models lists read.

The index used to be held twice, as TinyDB documents (what gets written) and as models
(what lists read), about a kilobyte an article, plus the JSON of every document kept for
quick flushes. Now only the models are kept, and the documents are made when the file is
written:

- The index is split into buckets of about a thousand articles (`bucket_of`: a slice of
  the id, which is a hash already) and each bucket's JSON is kept compressed: a quarter
  of its size, and zlib lets go of the GIL while it works. A change marks its article's bucket
  (`put`, `remove`), and a flush makes only the marked buckets again: a key costs one
  bucket, not 250,000 articles. The writer thread inflates the buckets as it writes them.
- The file holds the index in bucket order and its meta record the number of buckets, so
  the launch builds the buckets as it reads the file (`load`), from the documents just
  parsed, without making a document again. A file in another order (an older newsdesk's)
  has them built in a thread once the desk is in (`warm`).
- Until then (or when a thread keeps writing into a bucket while it is made), the whole
  table is made from a snapshot taken when the write is asked for: models never change,
  so the writer thread sees the index exactly as it was at that instant.

The buckets themselves, and how a write from a worker thread (a refresh) is never lost while
they are made in another, are newsdesk.store.buckets', shared with the serial cache.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from newsdesk.core.models import Article
from newsdesk.store.atomic import Stream
from newsdesk.store.buckets import Buckets, braced
from newsdesk.store.records import article_doc, article_from_doc, doc_id

SLICE = 2048  # documents made and serialised at a time by a whole write
MAX_BUCKETS = 1 << 16  # a meta record asking for more is not ours: not believed
BIG = 4096  # smaller indexes are made whole at every write: that is cheap enough
BUCKET = 1024  # articles a bucket holds on average when the buckets are built


class ArticleIndex:
    """The articles by id (`by_id`: read it freely, change it through `put` / `remove`)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Article] = {}
        self.on_change: Callable[[], None] = lambda: None  # the engine: a write is due
        self._buckets: Buckets[bytes] | None = None  # each bucket's JSON deflated, once built

    def load(self, slices: Iterable[dict[str, Any]], buckets: int = 0) -> None:
        """Take the stored documents slice by slice (see newsdesk.store.index_stream); when
        they come in the order of `buckets` buckets (the meta record's word), build those."""
        by_id = self.by_id
        builder = _Builder(buckets) if 0 < buckets <= MAX_BUCKETS else None
        try:
            for table in slices:
                for key, doc in table.items():
                    article = article_from_doc(doc)
                    by_id[article.id] = article
                    if builder is not None and not builder.add(key, doc, article.id):
                        builder.stop()
                        builder = None  # not in that order: `warm` builds them later
            if builder is not None:
                self._buckets = builder.finish()
        finally:
            if builder is not None:
                builder.stop()  # a damaged file stops the load: its thread goes too

    def write_buckets(self) -> int:
        """How many buckets the next write orders the index by (for the meta record)."""
        return self._buckets.size if self._buckets is not None else _size_for(len(self.by_id))

    # -- changes ---------------------------------------------------------------------------

    def put(self, article: Article) -> None:
        self.by_id[article.id] = article
        self._mark(article.id)

    def remove(self, article_id: str) -> None:
        del self.by_id[article_id]
        self._mark(article_id)

    def _mark(self, article_id: str) -> None:
        buckets = self._buckets
        if buckets is not None:
            buckets.mark(article_id)
        self.on_change()

    # -- writing ---------------------------------------------------------------------------

    def snapshot(self) -> IndexSnapshot:
        return IndexSnapshot(list(self.by_id.values()))

    def warm(self) -> None:
        """Build the buckets (in a thread: one bucket holds the GIL at a time)."""
        if len(self.by_id) < BIG or self._buckets is not None:
            return
        buckets: Buckets[bytes] = _buckets(_size_for(len(self.by_id)))
        self._buckets = buckets  # marks are recorded from here on ...
        buckets.fill(list(self.by_id))  # ... so an id added after this copy is marked
        for bucket in range(buckets.size):
            buckets.make(bucket, self.by_id.__contains__, self._deflated)

    def _deflated(self, ids: list[str]) -> bytes:
        """A bucket's JSON body, deflated."""
        by_id = self.by_id
        docs = {}
        for article_id in ids:
            article = by_id.get(article_id)
            if article is not None:  # removed by another thread meanwhile: that marked it
                docs[str(doc_id(article_id))] = article_doc(article)
        return zlib.compress(orjson.dumps(docs)[1:-1], 1)

    def pieces(self) -> Stream:
        """The table's JSON ({doc id: document}) for the writer: the marked buckets are made
        now, the rest is inflated as it is written."""
        buckets = self._buckets
        if buckets is None or len(self.by_id) > buckets.size * BUCKET * 8:
            self._buckets = None  # not built, or outgrown: whole, until `warm` builds them
            return self.snapshot().pieces(self.write_buckets())
        kept = buckets.current(self.by_id.__contains__, self._deflated)
        if kept is None:  # a thread keeps writing into a bucket
            return self.snapshot().pieces(buckets.size)
        return braced(map(zlib.decompress, kept))


def bucket_of(article_id: str, size: int) -> int:
    """An article's bucket: the same in every process, so the file can be in bucket order.
    Ids are hex digests (newsdesk.store.records.stable_key): their head is evenly spread."""
    try:
        return int(article_id[:8], 16) % size
    except ValueError:  # not one of ours (a hand-edited desk): still the same everywhere
        return zlib.crc32(article_id.encode()) % size


def _size_for(articles: int) -> int:
    return max(16, articles // BUCKET)


def _buckets(size: int) -> Buckets[bytes]:
    return Buckets(size, lambda article_id: bucket_of(article_id, size))


class _Builder:
    """Buckets built from documents read in bucket order: each bucket's documents are kept
    until the next bucket begins, then serialised; a thread of its own deflates them (zlib
    lets go of the GIL: the other core does it while the load goes on). At most `QUEUED`
    serialised buckets wait for it, so memory stays at a few buckets."""

    QUEUED = 8

    def __init__(self, size: int) -> None:
        self.size = size
        self.members: list[list[str]] = [[] for _ in range(size)]
        self.blobs: list[bytes | None] = [None] * size
        self.current = -1
        self.docs: dict[str, Any] = {}
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue(self.QUEUED)
        self._thread = threading.Thread(target=self._deflate, name="newsdesk-deflate")
        self._thread.start()

    def _deflate(self) -> None:
        while (job := self._queue.get()) is not None:
            bucket, text = job
            with contextlib.suppress(Exception):  # (memory) left unmade: a flush makes it
                self.blobs[bucket] = zlib.compress(text, 1)

    def add(self, key: str, doc: dict[str, Any], article_id: str) -> bool:
        bucket = bucket_of(article_id, self.size)
        if bucket != self.current:
            if bucket < self.current:
                return False
            self._close()
            self.current = bucket
        self.docs[key] = doc
        self.members[bucket].append(article_id)
        return True

    def _close(self) -> None:
        if self.current >= 0:
            self._queue.put((self.current, orjson.dumps(self.docs)[1:-1]))
        self.docs = {}

    def stop(self) -> None:
        """Let the deflating thread end (its queue drained); idempotent."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def finish(self) -> Buckets[bytes]:
        self._close()
        self.stop()
        empty = zlib.compress(b"", 1)
        for bucket, ids in enumerate(self.members):
            if not ids:
                self.blobs[bucket] = empty
        buckets = _buckets(self.size)
        buckets.keys, buckets.kept = self.members, self.blobs
        return buckets


class IndexSnapshot:
    """The index at one instant, written out on demand."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles

    def pieces(self, buckets: int) -> Stream:
        """The table's JSON ({doc id: document}) in the order of `buckets` buckets, in
        pieces, each made as it is written."""
        return braced(self._bodies(buckets))

    def _bodies(self, buckets: int) -> Iterator[bytes]:
        articles = sorted(self.articles, key=lambda a: bucket_of(a.id, buckets))
        for start in range(0, len(articles), SLICE):
            part = {str(doc_id(a.id)): article_doc(a) for a in articles[start : start + SLICE]}
            yield orjson.dumps(part)[1:-1]

    def docs(self, chosen: Iterable[int]) -> dict[str, dict[str, Any]]:
        """The documents of the articles at positions `chosen`, in that order."""
        articles = self.articles
        return {str(doc_id(articles[i].id)): article_doc(articles[i]) for i in chosen}
