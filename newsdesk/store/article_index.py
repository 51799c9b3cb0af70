"""Provides ArticleIndex: the open desk's articles, held once, as columns (ArticleTable).

The index used to be held twice, as TinyDB documents (what gets written) and as models
(what lists read), about a kilobyte an article, then once as models (~650 bytes). Now it is
a table of columns (newsdesk.store.article_table, ~150 bytes a row), models are made for the
rows a screen reads, and the documents are made when the file is written:

- The index is split into buckets of about a thousand articles (`bucket_of`: a slice of
  the id, which is a hash already) and each bucket's JSON is kept compressed: a quarter
  of its size, and zlib lets go of the GIL while it works. A bucket names its articles by
  table row (an int array). A change marks its article's row (`put`, `remove`), and a flush
  makes only the marked buckets again: a key costs one bucket, not 250,000 articles. The
  writer thread inflates the buckets as it writes them.
- The file holds the index in bucket order and its meta record the number of buckets, so
  the launch builds the buckets as it reads the file (`load`), from the documents just
  parsed, without making a document again. A file in another order (an older newsdesk's)
  has them built in a thread once the desk is in (`warm`).
- Until then (or when a thread keeps writing into a bucket while it is made), the whole
  table is made from a snapshot taken when the write is asked for (`ArticleTable.frozen`:
  the columns that change in place copied, C-level), so the writer thread sees the index
  exactly as it was at that instant.

The buckets themselves, and how a write from a worker thread (a refresh) is never lost while
they are made in another, are newsdesk.store.buckets', shared with the serial cache.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from newsdesk.core.models import Article
from newsdesk.store.article_table import ArticleTable
from newsdesk.store.atomic import Stream
from newsdesk.store.buckets import Buckets, braced

SLICE = 2048  # documents made and serialised at a time by a whole write
MAX_BUCKETS = 1 << 16  # a meta record asking for more is not ours: not believed
BIG = 4096  # smaller indexes are made whole at every write: that is cheap enough
BUCKET = 1024  # articles a bucket holds on average when the buckets are built


class ArticleIndex:
    """The articles (`table`: read it freely, change it through `put` / `remove`)."""

    def __init__(self) -> None:
        self.table = ArticleTable()
        self.on_change: Callable[[], None] = lambda: None  # the engine: a write is due
        self.last_write = False  # the process's last: no later write reuses a bucket
        # each bucket's rows and JSON deflated, once built
        self._buckets: Buckets[int, bytes] | None = None

    @property
    def by_id(self) -> ArticleTable:
        """The articles by id (a Mapping making models on demand)."""
        return self.table

    def load(self, slices: Iterable[dict[str, Any]], buckets: int = 0) -> None:
        """Take the stored documents slice by slice (see newsdesk.store.index_stream); when
        they come in the order of `buckets` buckets (the meta record's word), build those."""
        table = self.table
        builder = _Builder(buckets, table) if 0 < buckets <= MAX_BUCKETS else None
        try:
            for part in slices:
                first = table.size
                table.append_docs(list(part.values()))
                if builder is not None:
                    for row, (key, doc) in enumerate(part.items(), first):
                        if not builder.add(key, doc, row):
                            builder.stop()
                            builder = None  # not in that order: `warm` builds them later
                            break
            table.index_all()
            if builder is not None:
                self._buckets = builder.finish()
        finally:
            if builder is not None:
                builder.stop()  # a damaged file stops the load: its thread goes too

    def write_buckets(self) -> int:
        """How many buckets the next write orders the index by (for the meta record)."""
        return self._buckets.size if self._buckets is not None else _size_for(len(self.table))

    # -- changes ---------------------------------------------------------------------------

    def put(self, article: Article) -> None:
        self._mark(self.table.put(article))

    def put_new(self, articles: list[Article]) -> None:
        """put for articles not held yet (a refresh's new ones of a feed), in one batch."""
        rows = self.table.put_new(articles)
        if rows:
            if self._buckets is not None:
                self._buckets.mark_many(rows)
            self.on_change()

    def set_flag(self, article_ids: Iterable[str], bit: int, value: bool) -> list[str]:
        """Set or clear a flag bit of these articles (ids not held are skipped): a byte
        each, no model made (marking 250,000 read is one key). Returns the ids whose bit
        changed, each once."""
        table = self.table
        flags = table.flags
        rows: list[int] = []
        ids: list[str] = []
        for article_id in article_ids:
            row = table.row_of(article_id)
            if row is not None:
                old = flags[row]
                new = old | bit if value else old & ~bit
                if new != old:
                    flags[row] = new
                    rows.append(row)
                    ids.append(article_id)
        if rows:  # marked after the changes, all at once
            if self._buckets is not None:
                self._buckets.mark_many(rows)
            self.on_change()
        return ids

    def remove(self, article_id: str) -> None:
        row = self.table.remove(article_id)
        if row is None:
            raise KeyError(article_id)
        self._mark(row)

    def _mark(self, row: int) -> None:
        buckets = self._buckets
        if buckets is not None:
            buckets.mark(row)
        self.on_change()

    # -- writing ---------------------------------------------------------------------------

    def snapshot(self) -> IndexSnapshot:
        return IndexSnapshot(self.table.frozen())

    def warm(self) -> None:
        """Build the buckets (in a thread: one bucket holds the GIL at a time)."""
        table = self.table
        if len(table) < BIG or self._buckets is not None:
            return
        buckets = _buckets(_size_for(len(table)), table)
        self._buckets = buckets  # marks are recorded from here on ...
        buckets.fill(list(table.rows()))  # ... so a row added after this copy is marked
        for bucket in range(buckets.size):
            buckets.make(bucket, table.is_live, self._deflated)

    def _deflated(self, rows: list[int]) -> bytes:
        """A bucket's JSON body, deflated."""
        table = self.table
        docs = {}
        for row in rows:
            if table.is_live(row):  # removed by another thread meanwhile: that marked it
                docs[str(table.doc_id(row))] = table.doc(row)
        return zlib.compress(orjson.dumps(docs)[1:-1], 1)

    def pieces(self) -> Stream:
        """The table's JSON ({doc id: document}) for the writer: the marked buckets are made
        now, the rest is inflated as it is written."""
        buckets = self._buckets
        if buckets is None or len(self.table) > buckets.size * BUCKET * 8:
            self._buckets = None  # not built, or outgrown: whole, until `warm` builds them
            return self.snapshot().pieces(self.write_buckets())
        if self.last_write and buckets.stale() * 2 > buckets.size:
            # most buckets are to be made (a command's refresh stored thousands of new
            # articles) and none would be read again: made as they are written, with no
            # deflating and inflating on the way (~15 ms of 10,000 new articles)
            return self.snapshot().pieces(buckets.size)
        kept = buckets.current(self.table.is_live, self._deflated)
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


def _buckets(size: int, table: ArticleTable) -> Buckets[int, bytes]:
    return Buckets(size, lambda row: table.bucket_of(row, size), _rows)


def _rows(rows: list[int]) -> array[int]:
    return array("i", rows)


class _Builder:
    """Buckets built from documents read in bucket order: each bucket's documents are kept
    until the next bucket begins, then serialised; a thread of its own deflates them (zlib
    lets go of the GIL: the other core does it while the load goes on). At most `QUEUED`
    serialised buckets wait for it, so memory stays at a few buckets."""

    QUEUED = 8

    def __init__(self, size: int, table: ArticleTable) -> None:
        self.size = size
        self.table = table
        self.members: list[array[int]] = [array("i") for _ in range(size)]
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

    def add(self, key: str, doc: dict[str, Any], row: int) -> bool:
        bucket = self.table.bucket_of(row, self.size)
        if bucket != self.current:
            if bucket < self.current:
                return False
            self._close()
            self.current = bucket
        self.docs[key] = doc
        self.members[bucket].append(row)
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

    def finish(self) -> Buckets[int, bytes]:
        self._close()
        self.stop()
        empty = zlib.compress(b"", 1)
        for bucket, ids in enumerate(self.members):
            if not ids:
                self.blobs[bucket] = empty
        buckets = _buckets(self.size, self.table)
        buckets.keys, buckets.kept = list(self.members), self.blobs
        return buckets


class IndexSnapshot:
    """The index at one instant (a frozen table), written out on demand."""

    def __init__(self, table: ArticleTable) -> None:
        self.table = table

    @property
    def articles(self) -> list[Article]:
        """Every article, as models (small desks and tests: the writer reads the columns)."""
        return list(self.table.values())

    def rows(self) -> list[int]:
        return list(self.table.rows())

    def pieces(self, buckets: int) -> Stream:
        """The table's JSON ({doc id: document}) in the order of `buckets` buckets, in
        pieces, each made as it is written."""
        return braced(self._bodies(buckets))

    def _bodies(self, buckets: int) -> Iterator[bytes]:
        table = self.table
        rows = sorted(table.rows(), key=lambda row: table.bucket_of(row, buckets))
        for start in range(0, len(rows), SLICE):
            part = {str(table.doc_id(r)): table.doc(r) for r in rows[start : start + SLICE]}
            yield orjson.dumps(part)[1:-1]

    def docs(self, chosen: Iterable[int]) -> dict[str, dict[str, Any]]:
        """The documents of the rows `chosen`, in that order."""
        table = self.table
        return {str(table.doc_id(row)): table.doc(row) for row in chosen}
