"""Provides TitleSearch: the article titles as a prepared casefolded column, searched as the
user types, with the unread count of each result.

No Textual here. Built for a 250,000-article desk, where a first letter matches most titles:
a fresh search is C-level passes giving a byte per row (`operator.contains` over the titles
of a few thousand rows at a time), the matching rows are taken by that mask and their unread
count is a popcount against a read mask; a query typed on from a narrow result only tests
that result's titles. The column keeps the casefolded titles as UTF-8 a few thousand to a
bytes object (a str per title cost ~125 bytes an article; this, ~70), built once, ahead of
the first search when the screen can (`prepare`, from a thread after the first paint), else
by the first search itself."""

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


def fold(title: str) -> str:
    return title.casefold().replace("\0", "")


class Folded:
    """The casefolded titles, CHUNK rows to a UTF-8 bytes object (NUL between titles),
    with each title's start in its chunk: no str per title is kept (~50 bytes each). A
    search decodes and splits a chunk at a time (C-level, and str's `in` is five times
    bytes')."""

    __slots__ = ("chunks", "starts", "over")

    def __init__(self, titles: Iterator[str]) -> None:
        self.chunks: list[bytes] = []
        self.starts: list[array[int]] = []
        self.over: dict[int, str] = {}  # rows whose title changed since
        while parts := [fold(t) for t in islice(titles, CHUNK)]:
            encoded = [p.encode("utf-8", "surrogatepass") for p in parts]
            self.chunks.append(b"\0".join(encoded))
            starts = array("I", [0])
            for part in encoded:
                starts.append(starts[-1] + len(part) + 1)
            self.starts.append(starts)

    def __len__(self) -> int:
        return sum(len(s) - 1 for s in self.starts)

    def title(self, index: int) -> str:
        over = self.over.get(index) if self.over else None
        if over is not None:
            return over
        chunk, at = divmod(index, CHUNK)
        starts = self.starts[chunk]
        return self.chunks[chunk][starts[at] : starts[at + 1] - 1].decode("utf-8", "surrogatepass")

    def mask(self, needle: str) -> bytes:
        """A byte per row, 1 where its title contains `needle`."""
        mask = bytearray()
        for chunk in self.chunks:
            titles = chunk.decode("utf-8", "surrogatepass").split("\0")
            mask += bytes(map(contains, titles, repeat(needle)))
        for index, title in self.over.items():
            mask[index] = needle in title
        return bytes(mask)


class TitleSearch:
    def __init__(self, rows: Sequence[Article]) -> None:
        self.rows = rows  # the view state's list: rows replaced in place are seen here
        self._folded: Folded | None = None  # the titles casefolded
        self._read: bytearray | None = None  # 1 where the row is read
        self._version = 0  # bumped by a title's change, so a column built meanwhile is dropped
        self._read_version = 0  # and this by a read one, for the read mask
        self._lock = threading.Lock()
        # the last title search: its query and matching rows, as a mask over every row
        # (a fresh search) or as row numbers (narrowed, or merged with other matches)
        self._last: tuple[str, bytes | list[int]] = ("", [])
        self._unread: tuple[Sequence[Article], int] | None = None  # the last result's count

    def prepare(self) -> None:
        """Build the column if it is not built yet; safe to call from a thread."""
        if self._folded is not None:
            return
        version, read_version, rows = self._version, self._read_version, self.rows
        read = self._read_mask()
        if isinstance(rows, RowList):
            folded = Folded(rows.titles())
        else:
            folded = Folded(map(_title, rows))
        with self._lock:
            if self._version == version and self._folded is None:
                self._folded = folded
            if self._read_version == read_version and self._read is None:
                self._read = read

    def _read_mask(self) -> bytearray:
        rows = self.rows
        if isinstance(rows, RowList):
            return bytearray(map(rows.flags.__getitem__, rows.rows)).translate(READ_BYTE)
        return bytearray(map(_read, rows))

    def read_changed(self) -> None:
        """Articles were read or unread: the read mask is made again by the next search
        (one C-level pass), rather than each change looked for in the list."""
        with self._lock:
            self._read_version += 1
            self._read = None
            self._unread = None  # the last result's count, as it was: no longer

    def changed(self, index: int, old: Article, new: Article) -> None:
        """The article at row `index` was replaced by its newer copy."""
        with self._lock:
            self._read_version += 1
            if self._read is not None:
                self._read[index] = new.read
            if old.title != new.title:
                self._version += 1
                if self._folded is not None:
                    self._folded.over[index] = fold(new.title)
                self._last = ("", [])

    def search(self, needle: str, extra_rows: Iterable[int] = ()) -> Sequence[Article]:
        """Rows whose title contains `needle` (casefolded), with the rows `extra_rows`."""
        self.prepare()
        if self._read is None:  # articles were read since: counted from the view's flags
            self._read = self._read_mask()
        read, column = self._read, self._folded
        assert column is not None
        last, last_hits = self._last
        hits: bytes | list[int]
        narrow = isinstance(last_hits, list) and len(last_hits) * 8 < len(read)
        if last and needle.startswith(last) and narrow:  # typing on: the last few matches
            titles = map(column.title, last_hits)
            hits = list(compress(last_hits, map(contains, titles, repeat(needle))))
        else:  # C-level over every title: as quick as narrowing a mask of most of them
            hits = column.mask(needle)
        self._last = (needle, hits)  # the title matches alone: the next letter narrows them
        extra = set(extra_rows)
        found: Sequence[Article]
        if isinstance(hits, bytes):
            if extra:  # marked in a copy of the mask: no list of 170,000 row numbers
                marked = bytearray(hits)
                for row in extra:
                    marked[row] = 1
                hits = bytes(marked)
            rows = self.rows  # C-level: the rows the mask picks, no index per row
            found = (
                rows.picked(compress(rows.rows, hits))
                if isinstance(rows, RowList)
                else list(compress(rows, hits))
            )
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
