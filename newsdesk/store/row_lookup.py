"""Provides RowLookup: an article id to its row in the article table, without a str per id.

A dict of 250,000 ids would cost ~100 bytes an article (the str and the entry). Ids the desk
makes are 15 hex digits (newsdesk.store.records.stable_key), so the table keeps each as a
60-bit int key, and this finds rows by open addressing over an int array of row numbers:
~12 bytes an article. An id not made here (a hand-edited desk, an old import) is keyed by a
hash of it with the ODD bit, its str kept aside by row (`odd_ids`) and compared on a hit.

Thread safety: only the event loop's thread changes the lookup; the writer thread may look
ids up meanwhile. A slot changes in one store, and growing swaps in a whole new array, read
once per lookup, so a reader sees a row, or its absence, never a torn slot.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

from newsdesk.store.records import stable_key

ODD = 1 << 60  # set in the key of an id not made here (its str is kept aside)
EMPTY, GONE = -1, -2  # slots: never used, used by a row since removed
_canonical = re.compile(r"[0-9a-f]{15}").fullmatch


def id_key(article_id: str) -> int:
    """An id's key: its value for one of ours, else a hash of it with the ODD bit."""
    if _canonical(article_id):
        return int(article_id, 16)
    return int(stable_key("id", article_id), 16) | ODD


def key_id(key: int, row: int, odd_ids: dict[int, str]) -> str:
    """The id a row's key stands for."""
    return odd_ids[row] if key >= ODD else f"{key:015x}"


class RowLookup:
    """Rows by id, over the table's key column and its odd ids (shared, not copied)."""

    def __init__(self, keys: array[int], odd_ids: dict[int, str]) -> None:
        self.keys = keys
        self.odd_ids = odd_ids
        self.slots = array("i", [EMPTY]) * 16
        self.filled = 0  # slots holding a row or GONE: what probing walks over

    def find(self, article_id: str) -> int | None:
        at = self._slot(self.slots, id_key(article_id), article_id)
        return None if at is None else self.slots[at]

    def _slot(self, slots: array[int], key: int, article_id: str) -> int | None:
        mask = len(slots) - 1
        keys = self.keys
        at = key & mask
        while True:
            row = slots[at]
            if row == EMPTY:
                return None
            if row >= 0 and keys[row] == key and (key < ODD or self.odd_ids[row] == article_id):
                return at
            at = (at + 1) & mask

    def add(self, row: int) -> int | None:
        """Make `row` findable; returns the row it takes the place of (one with the same id:
        a damaged file held the id twice, and the last one wins), if any."""
        if (self.filled + 1) * 5 > len(self.slots) * 3:
            self._grow()
        key = self.keys[row]
        slots = self.slots
        at = self._slot(slots, key, self.odd_ids.get(row, ""))
        if at is not None:
            replaced = slots[at]
            slots[at] = row
            return replaced
        mask = len(slots) - 1
        at = key & mask
        while slots[at] >= 0:  # EMPTY or GONE: either takes it
            at = (at + 1) & mask
        if slots[at] == EMPTY:
            self.filled += 1
        slots[at] = row
        return None

    def drop(self, article_id: str) -> int | None:
        """Forget an id; returns its row, None if it was not held."""
        slots = self.slots
        at = self._slot(slots, id_key(article_id), article_id)
        if at is None:
            return None
        row = slots[at]
        slots[at] = GONE
        return row

    def rebuild(self, rows: Iterable[int], count: int) -> list[int]:
        """Index `rows` (`count` of them) afresh, sized for them and as many more; returns
        the rows a later row of the same id took the place of (see `add`)."""
        capacity = 16
        while capacity * 3 < (count + 1) * 5 * 2:
            capacity *= 2
        slots = array("i", [EMPTY]) * capacity
        mask = capacity - 1
        keys, odd = self.keys, self.odd_ids
        filled = 0
        replaced = []
        for row in rows:
            key = keys[row]
            at = key & mask
            while (found := slots[at]) != EMPTY:
                if keys[found] == key and (key < ODD or odd[found] == odd[row]):
                    replaced.append(found)
                    break
                at = (at + 1) & mask
            else:
                filled += 1
            slots[at] = row
        self.filled = filled
        self.slots = slots  # whole: a reader in another thread sees the old or the new
        return replaced

    def _grow(self) -> None:
        held = [row for row in self.slots if row >= 0]
        self.rebuild(held, len(held))
