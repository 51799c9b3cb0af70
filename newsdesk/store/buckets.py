"""Provides Buckets: a large table's JSON kept a bucket at a time, so a save makes again only
the buckets a write touched.

Shared by the serial cache (TinyDB tables, newsdesk.store.serial) and the article index
(newsdesk.store.article_index): which bucket a key falls in, what a bucket's JSON is made
from and how it is kept (as it is, or deflated) are theirs.

Thread safety: writes may come from worker threads and the buckets may be made in a thread,
so marks and bucket swaps happen under one lock. A write is marked after it is made, so a
mark can never be consumed by a making that ran before the change it stands for; a bucket
made while a write marked it is dropped and made again at the next save.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import Generic, TypeVar

Key = TypeVar("Key")  # what names a record: a str key, or a row of the article table
Kept = TypeVar("Kept")  # a bucket's JSON as it is kept (bytes, a view, a deflated blob)


class Buckets(Generic[Key, Kept]):
    """`size` buckets of keys, each with its JSON as last made, and the keys written since.
    `pack` keeps a bucket's keys compactly (the article index: an int array of rows)."""

    def __init__(
        self,
        size: int,
        bucket_of: Callable[[Key], int],
        pack: Callable[[list[Key]], MutableSequence[Key]] = list,
    ) -> None:
        self.size = size
        self.bucket_of = bucket_of
        self.pack = pack
        self.keys: list[MutableSequence[Key]] = [pack([]) for _ in range(size)]
        self.kept: list[Kept | None] = [None] * size  # None: never made
        self.touched: dict[int, set[Key]] = {}  # bucket -> keys written since it was made
        self._lock = threading.Lock()

    def fill(self, keys: Iterable[Key]) -> None:
        """Place keys (once the buckets are where marks go: a key added after the caller's
        copy of its keys is marked, never lost)."""
        for key in keys:
            self.keys[self.bucket_of(key)].append(key)

    def mark(self, key: Key) -> None:
        """A write to (or a read for updating) `key`, after it is made."""
        with self._lock:
            self.touched.setdefault(self.bucket_of(key), set()).add(key)

    def mark_many(self, keys: Iterable[Key]) -> None:
        """mark for each of `keys`, under one taking of the lock (250,000 marked read)."""
        with self._lock:
            touched, bucket_of = self.touched, self.bucket_of
            for key in keys:
                touched.setdefault(bucket_of(key), set()).add(key)

    def make(
        self,
        bucket: int,
        present: Callable[[Key], bool],
        render: Callable[[list[Key]], Kept | None],
    ) -> None:
        """Make one bucket's JSON again from its keys still `present`; `render` gives None
        when a key went meanwhile (the write that removed it marked the bucket)."""
        with self._lock:
            pending = self.touched.pop(bucket, ())
        keys = [k for k in dict.fromkeys([*self.keys[bucket], *pending]) if present(k)]
        made = render(keys)
        if made is None:
            return
        with self._lock:
            self.keys[bucket] = self.pack(keys)
            if bucket not in self.touched:  # else written meanwhile: made again later
                self.kept[bucket] = made

    def stale(self) -> int:
        """How many buckets the next `current` makes again."""
        with self._lock:
            return sum(kept is None or at in self.touched for at, kept in enumerate(self.kept))

    def current(
        self,
        present: Callable[[Key], bool],
        render: Callable[[list[Key]], Kept | None],
    ) -> list[Kept] | None:
        """Every bucket's JSON as of now, the stale ones made first; None while a thread
        keeps writing into one (the caller then writes the table whole)."""
        for bucket in range(self.size):
            if self.kept[bucket] is None or bucket in self.touched:
                self.make(bucket, present, render)
                if self.kept[bucket] is None or bucket in self.touched:
                    return None
        return [kept for kept in self.kept if kept is not None]


def braced(bodies: Iterable[bytes | memoryview]) -> Iterator[bytes | memoryview]:
    """A JSON object from the bodies of its parts (members without the braces; an empty
    body, from an empty bucket, adds nothing)."""
    yield b"{"
    first = True
    for body in bodies:
        if body:
            if not first:
                yield b","
            first = False
            yield body
    yield b"}"
