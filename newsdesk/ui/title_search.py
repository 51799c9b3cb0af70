"""Provides TitleSearch: the article titles as a prepared lower-cased column, searched as the
user types, with the unread count of each result.

No Textual here. Built for a 250,000-article desk, where a first letter matches most titles:
a fresh search is one C-level pass giving a byte per row (`operator.contains`, half the cost
of `str.__contains__`, which builds an argument tuple per call), the matching rows are taken
by that mask and their unread count is a popcount against a read mask; a longer query only
tests the last query's matches. The column (casefolded titles and read flags) is built once,
ahead of the first search when the screen can (`prepare`, from a thread after the first
paint), else by the first search itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from itertools import compress, repeat
from operator import attrgetter, contains, countOf

from newsdesk.core.models import Article

_read = attrgetter("read")


class TitleSearch:
    def __init__(self, rows: list[Article]) -> None:
        self.rows = rows  # the view state's list: rows replaced in place are seen here
        self._folded: list[str] | None = None  # rows' titles, casefolded
        self._read: bytearray | None = None  # 1 where the row is read
        self._version = 0  # bumped by every change, so a column built meanwhile is dropped
        self._lock = threading.Lock()
        # the last title search: its query and matching rows, as a mask over every row
        # (a fresh search) or as row numbers (narrowed, or merged with other matches)
        self._last: tuple[str, bytes | list[int]] = ("", [])
        self._unread: tuple[list[Article], int] | None = None  # the last result's count

    def prepare(self) -> None:
        """Build the column if it is not built yet; safe to call from a thread."""
        if self._folded is not None:
            return
        version, rows = self._version, self.rows
        folded = [a.title.casefold() for a in rows]
        read = bytearray(map(_read, rows))
        with self._lock:
            if self._version == version and self._folded is None:
                self._folded, self._read = folded, read

    def changed(self, index: int, old: Article, new: Article) -> None:
        """The article at row `index` was replaced by its newer copy."""
        with self._lock:
            self._version += 1
            if self._read is not None:
                self._read[index] = new.read
            if old.title != new.title:
                if self._folded is not None:
                    self._folded[index] = new.title.casefold()
                self._last = ("", [])

    def search(self, needle: str, extra_rows: Iterable[int] = ()) -> list[Article]:
        """Rows whose title contains `needle` (casefolded), with the rows `extra_rows`."""
        self.prepare()
        folded, read = self._folded, self._read
        assert folded is not None and read is not None
        last, last_hits = self._last
        hits: bytes | list[int]
        if last and needle.startswith(last):  # typing on: only the last matches can match
            if isinstance(last_hits, bytes):
                last_hits = list(compress(range(len(folded)), last_hits))
            titles = map(folded.__getitem__, last_hits)
            hits = list(compress(last_hits, map(contains, titles, repeat(needle))))
        else:
            hits = bytes(map(contains, folded, repeat(needle)))
        self._last = (needle, hits)  # the title matches alone: the next letter narrows them
        extra = set(extra_rows)
        if isinstance(hits, bytes):
            if extra:  # marked in a copy of the mask: no list of 170,000 row numbers
                marked = bytearray(hits)
                for row in extra:
                    marked[row] = 1
                hits = bytes(marked)
            found = list(compress(self.rows, hits))
            both = int.from_bytes(hits, "little") & int.from_bytes(read, "little")
            unread = len(found) - both.bit_count()  # a byte is 0 or 1: one bit per row
        else:
            if extra:
                hits = sorted(extra.union(hits))
            found = list(map(self.rows.__getitem__, hits))
            unread = countOf(map(read.__getitem__, hits), 0)
        self._unread = (found, unread)
        return found

    def unread_in(self, found: list[Article]) -> int | None:
        """The unread count of `found` if it is the last result, as it was counted."""
        if self._unread is not None and self._unread[0] is found:
            return self._unread[1]
        return None
