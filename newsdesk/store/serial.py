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
(`warm`), so marks and bucket swaps happen under one lock, and a bucket serialised while a
write touched it is thrown away and done again at the next flush. A write is marked after
it is made (see newsdesk.store.engine), so a mark can never be consumed by a dump that ran
before the change it stands for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, TypeGuard

import orjson

BIG = 4096  # tables at least this large are cached in buckets; smaller ones are dumped whole
BUCKET = 1024  # documents a bucket holds on average when the cache is built


class _TableCache:
    """The buckets of one table: their keys, their serialised JSON and what is stale."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table  # the very dict this cache describes; another one means rebuild
        self.size = max(16, len(table) // BUCKET)
        self.keys: list[list[str]] = [[] for _ in range(self.size)]
        self.json: list[memoryview | None] = [None] * self.size
        self.touched: dict[int, set[str]] = {}  # bucket -> keys written since its last dump

    def bucket(self, key: str) -> int:
        return hash(key) % self.size

    def fill_keys(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.keys[self.bucket(key)].append(key)

    def outgrown(self) -> bool:
        return len(self.table) > self.size * BUCKET * 8


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
                cache.touched.setdefault(cache.bucket(key), set()).add(key)

    # -- building --------------------------------------------------------------------------

    def warm(self, data: dict[str, Any]) -> None:
        """Build the buckets of every large table (in a thread: only one bucket's dump holds
        the GIL at a time, so keys go on being handled)."""
        for name in list(data):
            table = data.get(name)
            if _large(table):
                cache = self._cache_for(name, table)
                for bucket in range(cache.size):
                    self._dump_bucket(cache, bucket)

    def _cache_for(self, name: str, table: dict[str, Any]) -> _TableCache:
        cache = self._tables.get(name)
        if cache is not None and cache.table is table and not cache.outgrown():
            return cache
        cache = _TableCache(table)
        with self._lock:
            self._tables[name] = cache  # marks are recorded from here on ...
        cache.fill_keys(list(table))  # ... so a key inserted after this copy is marked
        return cache

    def _dump_bucket(self, cache: _TableCache, bucket: int) -> None:
        with self._lock:
            pending = cache.touched.pop(bucket, ())
        table = cache.table
        keys = [k for k in dict.fromkeys([*cache.keys[bucket], *pending]) if k in table]
        try:
            text = orjson.dumps({k: table[k] for k in keys if k in table})
        except KeyError:  # removed by another thread meanwhile: that removal marked it
            return
        with self._lock:
            cache.keys[bucket] = keys
            if bucket in cache.touched:
                return  # written meanwhile: this dump may be stale, do it again later
            cache.json[bucket] = memoryview(text)[1:-1]

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
            parts.extend(self._table_parts(self._cache_for(name, table)))
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

    def _table_parts(self, cache: _TableCache) -> list[bytes | memoryview]:
        for bucket in range(cache.size):
            if cache.json[bucket] is None or bucket in cache.touched:
                self._dump_bucket(cache, bucket)
                if bucket in cache.touched or cache.json[bucket] is None:
                    cache.json[bucket] = None
                    return [orjson.dumps(cache.table)]  # a thread keeps writing: dump it whole
        parts: list[bytes | memoryview] = [b"{"]
        for piece in cache.json:
            if piece:
                if len(parts) > 1:
                    parts.append(b",")
                parts.append(piece)
        parts.append(b"}")
        return parts
