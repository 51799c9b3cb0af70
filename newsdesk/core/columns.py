"""Provides ArticleColumns: the article index as columns, read only, for the lists that
walk every article (the view's order and counts, search, catch-ups).

A 250,000-article desk cannot afford a model per article (newsdesk.store.article_table):
a row number names an article for the store's life, its flags are a byte (the bits below),
its date microseconds since the epoch, its feed an index into `feed_ids`. `article(row)`
makes the model of one row when a screen shows it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import chain, compress
from operator import and_
from typing import Protocol

from newsdesk.core.models import Article

READ, STARRED, HAS_FULL, SHOW_FULL, DEAD = 1, 2, 4, 8, 16
"""The bits of a row's flag byte (DEAD: the article was removed; its row stays)."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""What the date columns count microseconds from."""
_US = timedelta(microseconds=1)


def micros(when: datetime) -> int:
    """A date column's value: microseconds since EPOCH (a naive date taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - EPOCH) // _US


class ArticleColumns(Protocol):
    @property
    def size(self) -> int:
        """Rows, dead ones too: row numbers run from 0 to size - 1."""

    @property
    def flags(self) -> bytearray: ...
    @property
    def published(self) -> Sequence[int]:
        """Microseconds since the epoch, UTC."""

    @property
    def feed(self) -> Sequence[int]:
        """Each row's feed, as an index into `feed_ids`."""

    @property
    def feed_ids(self) -> Sequence[str]: ...
    @property
    def tags(self) -> Mapping[int, tuple[str, ...]]:
        """The tags of the rows that have any."""

    def __len__(self) -> int:
        """Live articles."""

    def rows(self) -> Iterator[int]:
        """The live rows, in the store's order."""

    def where(self, value: int, mask: int) -> bytearray:
        """A byte per row: 1 where the row is live and `flags & mask == value`."""

    def article(self, row: int) -> Article: ...
    def id_at(self, row: int) -> str: ...
    def title_at(self, row: int) -> str: ...
    def row_of(self, article_id: str) -> int | None: ...


@lru_cache(maxsize=64)
def flag_table(value: int, mask: int) -> bytes:
    """The translation of a flag byte to 1 where it is live and `& mask == value`."""
    return bytes(1 if f & DEAD == 0 and f & mask == value else 0 for f in range(256))


def rows_of_feeds(columns: ArticleColumns, feed_ids: Iterable[str]) -> list[int]:
    """The live rows of these feeds, in order (C-level passes over the feed column)."""
    wanted = set(feed_ids)
    chosen = bytes(feed_id in wanted for feed_id in columns.feed_ids)
    size = columns.size
    in_feeds = map(chosen.__getitem__, columns.feed[:size])
    live = columns.where(0, 0)
    return list(compress(range(size), map(and_, in_feeds, live)))


def live_row_tags(columns: ArticleColumns) -> dict[int, tuple[str, ...]]:
    """The tags of the live rows that have any, by row."""
    flags = columns.flags
    return {row: tags for row, tags in list(columns.tags.items()) if not flags[row] & DEAD}


def live_tags(columns: ArticleColumns) -> Iterator[tuple[str, ...]]:
    """The tags of the live rows that have any."""
    return iter(live_row_tags(columns).values())


def feed_counts(columns: ArticleColumns, chosen: Sequence[int]) -> Counter[str]:
    """How many of the rows `chosen` marks (a byte a row, as `where` gives) each feed has;
    `chosen` may be shorter than the table (a view's copy of the flags)."""
    feed_ids = columns.feed_ids
    counts = Counter(compress(columns.feed[: columns.size], chosen))
    return Counter({feed_ids[at]: n for at, n in counts.items()})


def tag_counts(
    row_tags: Mapping[int, tuple[str, ...]], chosen: Sequence[int]
) -> tuple[Counter[str], Counter[str]]:
    """Articles per tag over `row_tags` (the live rows' tags), and per tag those of the
    rows `chosen` marks (the unread ones, for the feed list)."""
    every = Counter(chain.from_iterable(row_tags.values()))
    marked = Counter(chain.from_iterable(t for row, t in row_tags.items() if chosen[row]))
    return every, marked


def unread_by_feed(columns: ArticleColumns) -> Counter[str]:
    return feed_counts(columns, columns.where(0, READ))
