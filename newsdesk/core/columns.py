"""Provides ArticleColumns: the article index as columns, read only, for the lists that
walk every article (the view's order and counts, search, catch-ups).

A 250,000-article desk cannot afford a model per article (newsdesk.store.article_table):
a row number names an article for the store's life, its flags are a byte (the bits below),
its date microseconds since the epoch, its feed an index into `feed_ids`. `article(row)`
makes the model of one row when a screen shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from newsdesk.core.models import Article

READ, STARRED, HAS_FULL, SHOW_FULL, DEAD = 1, 2, 4, 8, 16
"""The bits of a row's flag byte (DEAD: the article was removed; its row stays)."""


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
