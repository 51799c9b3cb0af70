"""Provides SerialCache: the desk file's JSON kept in pieces, so a flush re-serialises only
what changed.

The open desk is flushed every quarter second after a change. Serialising a large table
whole holds the event loop (orjson holds the GIL), so a key pressed then waited for it.
Here every large table is split into buckets of about a thousand documents
(by the hash of the document's key; this process only, nothing on disk depends on it), each
bucket's JSON is kept, and a write marks the buckets of the documents it touches. A flush
re-serialises those buckets and hands the writer the list of pieces; the file it writes is
the same JSON object as a whole dump, so the desk file stays a plain TinyDB database. (The
article index is not a TinyDB table in memory: newsdesk.store.article_index keeps its own
buckets, deflated.)

Thread safety: writes may come from worker threads and the cache may be filled in a thread
(`warm`); newsdesk.store.buckets says how a write made meanwhile is never lost.
"""

from __future__ import annotations

import threading
from typing import Any, TypeGuard

import orjson

from newsdesk.store.buckets import Buckets, braced

BIG = 4096  # tables at least this large are cached in buckets; smaller ones are dumped whole
BUCKET = 1024  # documents a bucket holds on average when the cache is built


class _TableCache:
    """The buckets of one table (newsdesk.store.buckets), each bucket's JSON kept as is."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table  # the very dict this cache describes; another one means rebuild
        size = max(16, len(table) // BUCKET)
        self.buckets: Buckets[str, memoryview] = Buckets(size, lambda key: hash(key) % size)

    def outgrown(self) -> bool:
        return len(self.table) > self.buckets.size * BUCKET * 8

    def render(self, keys: list[str]) -> memoryview | None:
        table = self.table
        try:
            return memoryview(orjson.dumps({k: table[k] for k in keys if k in table}))[1:-1]
        except KeyError:  # removed by another thread meanwhile: that removal marked it
            return None

    def make(self, bucket: int) -> None:
        self.buckets.make(bucket, self.table.__contains__, self.render)

    def current(self) -> list[memoryview] | None:
        return self.buckets.current(self.table.__contains__, self.render)


def _large(table: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(table, dict) and len(table) >= BIG


def has_large_tables(data: dict[str, Any]) -> bool:
    """Whether `warm` has anything to build: a desk without is cheap to dump whole."""
    return any(_large(table) for table in data.values())


class SerialCache:
    """Serialises a desk's tables ({name: {key: document}}) reusing unchanged buckets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: dict[str, _TableCache] = {}
        self._writes: dict[str, int] = {}  # marks per table, ever: unchanged means unwritten
        # small tables' last dump: (the table dict, its write count then, the JSON)
        self._whole: dict[str, tuple[dict[str, Any], int, bytes]] = {}

    # -- marking writes --------------------------------------------------------------------

    def mark(self, table: str, key: str) -> None:
        """A write to (or a read for updating) document `key` of `table`."""
        cache = self._tables.get(table)
        with self._lock:
            self._writes[table] = self._writes.get(table, 0) + 1
        if cache is not None:
            cache.buckets.mark(key)

    # -- building --------------------------------------------------------------------------

    def warm(self, data: dict[str, Any]) -> None:
        """Build the buckets of every large table (in a thread: only one bucket's dump holds
        the GIL at a time, so keys go on being handled)."""
        for name in list(data):
            table = data.get(name)
            if _large(table):
                cache = self._cache_for(name, table)
                for bucket in range(cache.buckets.size):
                    cache.make(bucket)

    def _cache_for(self, name: str, table: dict[str, Any]) -> _TableCache:
        cache = self._tables.get(name)
        if cache is not None and cache.table is table and not cache.outgrown():
            return cache
        cache = _TableCache(table)
        with self._lock:
            self._tables[name] = cache  # marks are recorded from here on ...
        cache.buckets.fill(list(table))  # ... so a key inserted after this copy is marked
        return cache

    # -- dumping ---------------------------------------------------------------------------

    def dumps(self, data: dict[str, Any]) -> list[bytes | memoryview]:
        """The JSON of `data` in pieces to write one after the other."""
        parts: list[bytes | memoryview] = []
        for name, table in data.items():
            parts.append(b"," if parts else b"{")
            parts.append(orjson.dumps(name) + b":")
            if not _large(table):
                self._tables.pop(name, None)
                parts.append(self._whole_table(name, table))
                continue
            self._whole.pop(name, None)
            cache = self._cache_for(name, table)
            bodies = cache.current()
            if bodies is None:  # a thread keeps writing into it: dump it whole
                parts.append(orjson.dumps(table))
            else:
                parts.extend(braced(bodies))
        for gone in set(self._tables) - set(data):
            del self._tables[gone]
        for gone in set(self._whole) - set(data):
            del self._whole[gone]
        parts.append(b"}" if parts else b"{}")
        return parts

    def _whole_table(self, name: str, table: Any) -> bytes:
        """A small table's JSON: the last dump again when nothing has written to it since
        (the story grouping's table is megabytes and changes only after a refresh)."""
        writes = self._writes.get(name, 0)
        last = self._whole.get(name)
        if last is not None and last[0] is table and last[1] == writes:
            return last[2]
        text = orjson.dumps(table)
        if isinstance(table, dict) and self._writes.get(name, 0) == writes:
            self._whole[name] = (table, writes, text)
        return text
