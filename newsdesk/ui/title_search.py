"""Provides TitleSearch: the article titles as a prepared casefolded column, searched as the
user types, with the unread count of each result.

No Textual here. Built for a 250,000-article desk, where a first letter matches most titles:
a fresh search is C-level passes giving a byte per row (`operator.contains` over the titles
of a few thousand rows at a time), the matching rows are taken by that mask and their unread
count is a popcount against a read mask; a longer query only tests the last query's matches.
The column is one buffer of the casefolded titles in UTF-8, each ended by a NUL, with their
offsets (a str per title cost ~125 bytes an article; this, ~70), built once, ahead of the
first search when the screen can (`prepare`, from a thread after the first paint), else by
the first search itself. UTF-8 matches as text does: a code point's bytes never start
inside another's.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, islice, repeat
from operator import attrgetter, contains, countOf

from newsdesk.core.columns import READ
from newsdesk.core.models import Article
from newsdesk.ui.rows import RowList

_read = attrgetter("read")
_title = attrgetter("title")
CHUNK = 4096  # rows folded, or searched, at a time: no list of every title at once
READ_BYTE = bytes(1 if f & READ else 0 for f in range(256))


def fold(title: str) -> bytes:
    return title.casefold().replace("\0", "").encode("utf-8", "surrogatepass")


class Folded:
    """The casefolded titles: each ended by a NUL in `data`, row i's from `starts[i]`."""

    __slots__ = ("data", "starts")

    def __init__(self, data: bytearray, starts: array[int]) -> None:
        self.data, self.starts = data, starts

    def __len__(self) -> int:
        return len(self.starts) - 1


class TitleSearch:
    def __init__(self, rows: Sequence[Article]) -> None:
        self.rows = rows  # the view state's list: rows replaced in place are seen here
        self._folded: Folded | None = None  # the titles casefolded
        self._over: dict[int, bytes] = {}  # rows whose title changed since it was built
        self._read: bytearray | None = None  # 1 where the row is read
        self._version = 0  # bumped by every change, so a column built meanwhile is dropped
        self._lock = threading.Lock()
        # the last title search: its query and matching rows, as a mask over every row
        # (a fresh search) or as row numbers (narrowed, or merged with other matches)
        self._last: tuple[bytes, bytes | list[int]] = (b"", [])
        self._unread: tuple[Sequence[Article], int] | None = None  # the last result's count

    def prepare(self) -> None:
        """Build the column if it is not built yet; safe to call from a thread."""
        if self._folded is not None:
            return
        version, rows = self._version, self.rows
        if isinstance(rows, RowList):
            titles: Iterator[str] = rows.titles()
            read = bytearray(map(rows.flags.__getitem__, rows.rows)).translate(READ_BYTE)
        else:
            titles = map(_title, rows)
            read = bytearray(map(_read, rows))
        data = bytearray()
        starts = array("I", [0])
        while chunk := [fold(t) for t in islice(titles, CHUNK)]:
            for part in chunk:
                data += part
                data += b"\0"
                starts.append(len(data))
        with self._lock:
            if self._version == version and self._folded is None:
                # the buffer is never changed again: kept as it was built, not copied
                self._folded, self._read, self._over = Folded(data, starts), read, {}

    def changed(self, index: int, old: Article, new: Article) -> None:
        """The article at row `index` was replaced by its newer copy."""
        with self._lock:
            self._version += 1
            if self._read is not None:
                self._read[index] = new.read
            if old.title != new.title:
                if self._folded is not None:
                    self._over[index] = fold(new.title)
                self._last = (b"", [])

    def _title(self, index: int) -> bytes | bytearray:
        over = self._over.get(index) if self._over else None
        if over is not None:
            return over
        folded = self._folded
        assert folded is not None
        return folded.data[folded.starts[index] : folded.starts[index + 1] - 1]

    def _fresh(self, needle: bytes) -> bytes:
        """A byte per row, 1 where its title contains `needle` (in chunks: no list of every
        title at once)."""
        assert self._folded is not None
        data, starts = self._folded.data, self._folded.starts
        mask = bytearray()
        rows = len(starts) - 1
        for first in range(0, rows, CHUNK):
            last = min(rows, first + CHUNK)
            titles = data[starts[first] : starts[last] - 1].split(b"\0")
            mask += bytes(map(contains, titles, repeat(needle)))
        for index, title in self._over.items():
            mask[index] = needle in title
        return bytes(mask)

    def search(self, needle: str, extra_rows: Iterable[int] = ()) -> Sequence[Article]:
        """Rows whose title contains `needle` (casefolded), with the rows `extra_rows`."""
        self.prepare()
        read = self._read
        assert self._folded is not None and read is not None
        folded = needle.encode("utf-8", "surrogatepass")
        last, last_hits = self._last
        hits: bytes | list[int]
        if last and folded.startswith(last):  # typing on: only the last matches can match
            if isinstance(last_hits, bytes):
                last_hits = list(compress(range(len(last_hits)), last_hits))
            titles = map(self._title, last_hits)
            hits = list(compress(last_hits, map(contains, titles, repeat(folded))))
        else:
            hits = self._fresh(folded)
        self._last = (folded, hits)  # the title matches alone: the next letter narrows them
        extra = set(extra_rows)
        found: Sequence[Article]
        if isinstance(hits, bytes):
            if extra:  # marked in a copy of the mask: no list of 170,000 row numbers
                marked = bytearray(hits)
                for row in extra:
                    marked[row] = 1
                hits = bytes(marked)
            found = self._picked(compress(range(len(hits)), hits))
            both = int.from_bytes(hits, "little") & int.from_bytes(read, "little")
            unread = len(found) - both.bit_count()  # a byte is 0 or 1: one bit per row
        else:
            if extra:
                hits = sorted(extra.union(hits))
            found = self._picked(hits)
            unread = countOf(map(read.__getitem__, hits), 0)
        self._unread = (found, unread)
        return found

    def _picked(self, indices: Iterable[int]) -> Sequence[Article]:
        rows = self.rows
        if isinstance(rows, RowList):
            return rows.picked(map(rows.rows.__getitem__, indices))
        return list(map(rows.__getitem__, indices))

    def unread_in(self, found: Sequence[Article]) -> int | None:
        """The unread count of `found` if it is the last result, as it was counted."""
        if self._unread is not None and self._unread[0] is found:
            return self._unread[1]
        return None
