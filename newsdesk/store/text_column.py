"""Provides TextColumn and PrefixedColumn: a column of strings as one UTF-8 buffer.

A str costs ~50 bytes beyond its text; 250,000 titles, links and guids as strs were ~250
bytes an article. Here a column is one bytearray and an offset per row (4 bytes), appended
to as rows come (during a load too, a slice at a time: no big transient).

Thread safety: the buffers only grow (a string changed later goes to `over`), so a reader in
another thread, or a frozen copy sharing them, reads any row it was given whole.
"""

from __future__ import annotations

from array import array
from itertools import accumulate, compress, repeat
from operator import ge, getitem, is_, mul


class TextColumn:
    """Strings as one UTF-8 buffer and end offsets; a string changed later is an override."""

    __slots__ = ("data", "ends", "over")

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("I", [0])
        self.over: dict[int, str] = {}

    def append(self, text: str) -> None:
        self.data += text.encode("utf-8", "surrogatepass")
        self.ends.append(len(self.data))

    def extend(self, texts: list[str]) -> None:
        """append each of `texts` (a load's slice: C-level passes)."""
        encoded = list(map(str.encode, texts, repeat("utf-8"), repeat("surrogatepass")))
        ends = accumulate(map(len, encoded), initial=len(self.data))
        next(ends)
        self.data += b"".join(encoded)
        self.ends.extend(ends)

    def __getitem__(self, row: int) -> str:
        if self.over and row in self.over:
            return self.over[row]
        ends = self.ends
        return self.data[ends[row] : ends[row + 1]].decode("utf-8", "surrogatepass")

    def set(self, row: int, text: str) -> None:
        self.over[row] = text

    def _share(self, copy: TextColumn) -> TextColumn:
        copy.data, copy.ends, copy.over = self.data, self.ends, dict(self.over)
        return copy

    def frozen(self) -> TextColumn:
        """The column as it is now: the buffers only grow, so they are shared."""
        return self._share(TextColumn.__new__(TextColumn))


class PrefixedColumn(TextColumn):
    """A TextColumn of addresses (links, guids), each in a group (its feed): a group's
    prefix is cut from the first address it gave (up to its host's "/", else its last "-"
    or ":": https://host/, tag:host,2024:post-) and kept once; a row whose address starts
    with it keeps the rest, and a 1 in `has`. ~25 bytes an article saved on a link."""

    __slots__ = ("group_prefix", "has")

    def __init__(self) -> None:
        super().__init__()
        self.group_prefix: list[str | None] = []  # by group; None until it gives a row
        self.has = bytearray()  # 1 where the row is stored without its group's prefix

    def append_in(self, text: str, group: int) -> None:
        """extend_in for one text (a refresh stores its new articles one at a time)."""
        known = self.group_prefix
        if group >= len(known):
            known.extend([None] * (group + 1 - len(known)))
        prefix = known[group]
        if prefix is None:
            prefix = known[group] = prefix_of(text)
        cut = text.startswith(prefix)
        self.has.append(cut)  # before the rest: a reader sees a row's `has` first
        self.append(text[len(prefix) :] if cut else text)

    def extend_in(self, texts: list[str], groups: list[int]) -> None:
        """append each of `texts`, in `groups` (C-level passes but for a group's first)."""
        known = self.group_prefix
        for at in compress(range(len(groups)), map(ge, groups, repeat(len(known)))):
            group = groups[at]
            if group >= len(known):
                known.extend([None] * (group + 1 - len(known)))
            if known[group] is None:
                known[group] = prefix_of(texts[at])
        prefixes = list(map(known.__getitem__, groups))
        for at in compress(range(len(groups)), map(is_, prefixes, repeat(None))):
            group = groups[at]  # a group first seen after others added later (rare)
            prefixes[at] = known[group] = prefix_of(texts[at])
        has = list(map(str.startswith, texts, prefixes))  # type: ignore[arg-type]
        cuts = map(mul, map(len, prefixes), has)  # type: ignore[arg-type]
        self.has.extend(has)  # before the rest: a reader sees a row's `has` first
        super().extend(list(map(getitem, texts, map(slice, cuts, repeat(None)))))

    def at(self, row: int, group: int) -> str:
        """The text of `row`, which is in `group`."""
        if self.over and row in self.over:
            return self.over[row]
        ends = self.ends
        rest = self.data[ends[row] : ends[row + 1]].decode("utf-8", "surrogatepass")
        return (self.group_prefix[group] or "") + rest if self.has[row] else rest

    def frozen(self) -> PrefixedColumn:
        copy = PrefixedColumn.__new__(PrefixedColumn)
        copy.group_prefix, copy.has = self.group_prefix, self.has
        self._share(copy)
        return copy


def prefix_of(address: str) -> str:
    """The part of an address its feed's other addresses likely share."""
    scheme = address.find("://")
    if scheme > 0:
        return address[: address.find("/", scheme + 3) + 1]  # "" when the host ends it
    return address[: max(address.rfind("-"), address.rfind(":")) + 1]
