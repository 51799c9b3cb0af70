"""Provides RowList: a list of articles named by rows of the desk's columns, each made into
a model only when it is read.

A list of 250,000 models cost ~650 bytes an article; the article list reads only the rows
it paints, so the view keeps row numbers (4 bytes each) and lets `__getitem__` make the
model from the desk's columns (newsdesk.core.columns), always as the desk holds it now.
Whole-list questions (where is this id, how many are unread, which ids) are C-level passes
over the row numbers and flag bytes, not walks over models.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from typing import overload

from newsdesk.core.columns import READ, ArticleColumns, flag_table
from newsdesk.core.models import Article

UNREAD = flag_table(0, READ)  # flag byte -> 1 where live and unread


def row_array(rows: Iterable[int] = ()) -> array[int]:
    return array("i", rows)


def newest_first(columns: ArticleColumns) -> array[int]:
    """The live rows, newest first, rows of one date in the store's order (as a stable
    sort on the date gives). One int per row is sorted, the date and the row in one,
    rather than rows with a key list beside them: half the transient memory."""
    stamps = columns.published
    keys = [(-stamps[row] << 32) | row for row in columns.rows()]
    keys.sort()
    return row_array(key & 0xFFFFFFFF for key in keys)


class RowList(Sequence[Article]):
    """Articles at `rows` of `columns`; `flags` is whose read state `unread_count` counts
    (the view's copy, which may lag the desk's until the view takes a change)."""

    __slots__ = ("columns", "rows", "flags")

    def __init__(
        self, columns: ArticleColumns, rows: array[int], flags: bytearray | None = None
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.flags = columns.flags if flags is None else flags

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Article: ...
    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...
    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return list(map(self.columns.article, self.rows[index]))
        return self.columns.article(self.rows[index])

    def __iter__(self) -> Iterator[Article]:
        return map(self.columns.article, self.rows)

    def index_of(self, article_id: str) -> int | None:
        """Where an article is listed: its row by id, then a C-level search of the rows."""
        row = self.columns.row_of(article_id)
        if row is None:
            return None
        try:
            return self.rows.index(row)
        except ValueError:
            return None

    def picked(self, rows: Iterable[int]) -> RowList:
        return RowList(self.columns, row_array(rows), self.flags)

    def unread_mask(self, flags: bytearray | None = None) -> bytes:
        """A byte per listed article: 1 where `flags` (default the list's) says unread."""
        flags = self.flags if flags is None else flags
        return bytes(map(flags.__getitem__, self.rows)).translate(UNREAD)

    def unread_count(self) -> int:
        return self.unread_mask().count(1)

    def unread_ids(self) -> list[str]:
        """The ids of the listed articles the desk holds unread now."""
        unread = self.unread_mask(self.columns.flags)
        return list(map(self.columns.id_at, compress(self.rows, unread)))

    def ids(self) -> list[str]:
        return list(map(self.columns.id_at, self.rows))

    def titles(self) -> Iterator[str]:
        return map(self.columns.title_at, self.rows)


def index_in(articles: Sequence[Article], article_id: str) -> int | None:
    """Where `article_id` is in `articles` (a RowList answers without making models)."""
    if isinstance(articles, RowList):
        return articles.index_of(article_id)
    for at, article in enumerate(articles):
        if article.id == article_id:
            return at
    return None


def inserted(articles: Sequence[Article], at: int, article: Article) -> Sequence[Article]:
    """`articles` with `article` put at `at`, as a new list (a RowList stays one)."""
    if isinstance(articles, RowList):
        row = articles.columns.row_of(article.id)
        if row is not None:
            rows = articles.rows[:at]
            rows.append(row)
            rows.extend(articles.rows[at:])
            return RowList(articles.columns, rows, articles.flags)
    return [*articles[:at], article, *articles[at:]]
