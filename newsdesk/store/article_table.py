"""Provides ArticleTable: the article index as columns, not as one model per article.

A frozen `Article` and its strings cost ~650 bytes; 250,000 of them were most of a large
desk's memory. Here an article is a row: its id a 60-bit int (the ids the desk makes are 15
hex digits), its dates microseconds in int arrays, its flags a byte, its feed and author an
index into a list of interned strings, its texts UTF-8 in one buffer per column. About 150
bytes a row, all in; models are made on demand (`article`), for the few rows a screen shows.

Rows are only ever appended: a removed article leaves a dead row (its flag) that is never
reused, so a row number names one article for the table's life. Ids find rows through an
open-addressing table of row numbers (a dict of 250,000 strs would cost as much again).

Thread safety: the event loop's thread alone changes the table; the writer thread reads it.
Text columns and the id column are append-only (a changed text goes to an override), the
lookup table is swapped whole when it grows, and a row is findable only once it is complete,
so a reader sees each row whole or not at all, or, for a row changed in place, a mix that
the change's mark (after it, newsdesk.store.buckets) has the writer make again. `frozen`
gives the writer a consistent copy: cheap C-level copies of the columns that change in place.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import compress
from typing import Any

from newsdesk.core.columns import (
    DEAD,
    EPOCH,
    HAS_FULL,
    READ,
    SHOW_FULL,
    STARRED,
    flag_table,
    micros,
)
from newsdesk.core.models import Article
from newsdesk.store.records import doc_id
from newsdesk.store.row_lookup import ODD, RowLookup, id_key, key_id
from newsdesk.store.table_load import GUID_IS_LINK, append_docs, append_models, model_flags
from newsdesk.store.text_column import PrefixedColumn, TextColumn


@lru_cache(maxsize=1024)  # a refresh stamps all it stores with one time: made once
def _utc_iso(micros: int) -> str:
    return (EPOCH + timedelta(microseconds=micros)).isoformat()


class _Row:
    """Fills an Article's slots directly, then becomes one (see records._ArticleLoader)."""

    __slots__ = Article.__slots__


class ArticleTable(Mapping[str, Article]):
    """The articles by id, as rows of columns; a Mapping that makes models on demand."""

    def __init__(self) -> None:
        self.idkeys = array("Q")
        self.flags = bytearray()
        self.published = array("q")
        self.fetched = array("q")
        self.feed = array("I")
        self.author = array("I")
        self.titles = TextColumn()
        self.links = PrefixedColumn()
        self.guids = PrefixedColumn()  # "" where the guid is the link (GUID_IS_LINK)
        self.odd_ids: dict[int, str] = {}
        self.odd_dates: dict[tuple[int, str], datetime] = {}  # not UTC: kept exactly
        self.updated: dict[int, datetime] = {}
        self.tags: dict[int, tuple[str, ...]] = {}
        self.feed_ids: list[str] = []
        self.authors: list[str] = [""]
        self._feed_at: dict[str, int] = {}
        self._author_at: dict[str, int] = {"": 0}
        self.size = 0  # rows, dead ones too
        self.live = 0
        self._lookup = RowLookup(self.idkeys, self.odd_ids)

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.live

    def __iter__(self) -> Iterator[str]:
        return map(self.id_at, self.rows())

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.row_of(article_id) is not None

    def __getitem__(self, article_id: str) -> Article:
        row = self.row_of(article_id)
        if row is None:
            raise KeyError(article_id)
        return self.article(row)

    def get(self, article_id: str, default: Any = None) -> Any:
        row = self.row_of(article_id)
        return default if row is None else self.article(row)

    def rows(self) -> Iterator[int]:
        """The live rows, in order."""
        if self.live == self.size:
            return iter(range(self.size))
        return compress(range(self.size), self.alive())

    def alive(self) -> bytearray:
        """A byte per row, 1 where the row is live."""
        return self.where(0, 0)

    def is_live(self, row: int) -> bool:
        return not self.flags[row] & DEAD

    def doc_id(self, row: int) -> int:
        """The row's TinyDB document id (newsdesk.store.records.doc_id of its id)."""
        key = self.idkeys[row]
        return key if key < ODD else doc_id(self.odd_ids[row])

    def bucket_of(self, row: int, size: int) -> int:
        """article_index.bucket_of the row's id, from its key."""
        key = self.idkeys[row]
        if key < ODD:
            return (key >> 28) % size
        article_id = self.odd_ids[row]
        try:
            return int(article_id[:8], 16) % size
        except ValueError:
            return zlib.crc32(article_id.encode()) % size

    def row_of(self, article_id: str) -> int | None:
        return self._lookup.find(article_id)

    def id_at(self, row: int) -> str:
        return key_id(self.idkeys[row], row, self.odd_ids)

    def title_at(self, row: int) -> str:
        return self.titles[row]

    def feed_id_at(self, row: int) -> str:
        return self.feed_ids[self.feed[row]]

    def date_at(self, row: int, name: str) -> datetime:
        odd = self.odd_dates.get((row, name)) if self.odd_dates else None
        if odd is not None:
            return odd
        column = self.published if name == "published" else self.fetched
        return EPOCH + timedelta(microseconds=column[row])

    def article(self, row: int) -> Article:
        a: Any = _Row()
        flags = self.flags[row]
        a.id = self.id_at(row)
        a.feed_id = self.feed_ids[self.feed[row]]
        feed = self.feed[row]
        a.link = link = self.links.at(row, feed)
        a.guid = link if flags & GUID_IS_LINK else self.guids.at(row, feed)
        a.title = self.titles[row]
        a.author = self.authors[self.author[row]]
        a.published = self.date_at(row, "published")
        a.updated = self.updated.get(row)
        a.read = bool(flags & READ)
        a.starred = bool(flags & STARRED)
        a.tags = self.tags.get(row, ())
        a.fetched = self.date_at(row, "fetched")
        a.has_full = bool(flags & HAS_FULL)
        a.show_full = bool(flags & SHOW_FULL)
        a.__class__ = Article
        result: Article = a
        return result

    def doc(self, row: int) -> dict[str, Any]:
        """article_doc(self.article(row)), made from the columns without the model: a whole
        write makes one per article (half the final save of a cold refresh went on models)."""
        flags = self.flags[row]
        feed = self.feed[row]
        link = self.links.at(row, feed)
        doc: dict[str, Any] = {
            "id": self.id_at(row),
            "feed_id": self.feed_ids[feed],
            "guid": link if flags & GUID_IS_LINK else self.guids.at(row, feed),
            "title": self.titles[row],
        }
        if link:
            doc["link"] = link
        author = self.authors[self.author[row]]
        if author:
            doc["author"] = author
        doc["published"] = self._iso(row, "published", self.published[row])
        updated = self.updated.get(row)
        if updated is not None:
            doc["updated"] = updated.isoformat()
        if flags & READ:
            doc["read"] = True
        if flags & STARRED:
            doc["starred"] = True
        tags = self.tags.get(row)
        if tags:
            doc["tags"] = list(tags)
        doc["fetched"] = self._iso(row, "fetched", self.fetched[row])
        if flags & HAS_FULL:
            doc["has_full"] = True
        if flags & SHOW_FULL:
            doc["show_full"] = True
        return doc

    def _iso(self, row: int, name: str, micros: int) -> str:
        odd = self.odd_dates.get((row, name)) if self.odd_dates else None
        return odd.isoformat() if odd is not None else _utc_iso(micros)

    def values(self) -> Any:
        return map(self.article, self.rows())

    def where(self, value: int, mask: int) -> bytearray:
        """A byte per row: 1 where the row is live and `flags & mask == value`."""
        return self.flags[: self.size].translate(flag_table(value, mask))

    def count(self, value: int, mask: int) -> int:
        """How many live rows have `flags & mask == value`."""
        return self.where(value, mask).count(1)

    def used_feeds(self) -> set[str]:
        """The feeds that have a live article."""
        feeds = self.feed_ids
        return {feeds[i] for i in set(compress(self.feed[: self.size], self.alive()))}

    # -- changing --------------------------------------------------------------------------

    def append(self, a: Article) -> int:
        """Add a row for `a` (findable only after `index_row`, which `put` does)."""
        row = self.size
        keys = self.idkeys
        key = id_key(a.id)
        if key >= ODD:
            self.odd_ids[row] = a.id
        self.published.append(self.date_value(row, "published", a.published))
        self.fetched.append(self.date_value(row, "fetched", a.fetched))
        if a.updated is not None:
            self.updated[row] = a.updated
        if a.tags:
            self.tags[row] = a.tags
        self.feed.append(self._feed_index(a.feed_id))
        self.author.append(self._author_index(a.author))
        self.titles.append(a.title)
        feed = self.feed[row]
        self.links.append_in(a.link, feed)
        same = a.guid == a.link
        self.guids.append_in("" if same else a.guid, feed)
        self.flags.append(model_flags(a) | (GUID_IS_LINK if same else 0))
        keys.append(key)
        self.size = row + 1
        self.live += 1
        return row

    def append_docs(self, docs: list[dict[str, Any]]) -> None:
        """append for stored documents (a load's slice; see newsdesk.store.table_load)."""
        append_docs(self, docs)

    def put_new(self, articles: Sequence[Article]) -> range:
        """put for articles not held (a refresh's new ones), as a batch; returns the rows."""
        first = self.size
        append_models(self, articles)
        for row in range(first, self.size):
            self.index_row(row)
        return range(first, self.size)

    def put(self, a: Article) -> int:
        """Store `a`: its row changed in place, or a new row; returns the row."""
        row = self.row_of(a.id)
        if row is None:
            row = self.append(a)
            self.index_row(row)
            return row
        old = self.article(row)
        if old.published != a.published or old.published.tzinfo is not a.published.tzinfo:
            self.published[row] = self.date_value(row, "published", a.published)
        if old.fetched != a.fetched or old.fetched.tzinfo is not a.fetched.tzinfo:
            self.fetched[row] = self.date_value(row, "fetched", a.fetched)
        _set(self.updated, row, a.updated)
        _set(self.tags, row, a.tags or None)
        if old.feed_id != a.feed_id:
            self.feed[row] = self._feed_index(a.feed_id)
            self.links.set(row, a.link)  # stored against the old feed's prefixes
            self.guids.set(row, a.guid)
        if old.author != a.author:
            self.author[row] = self._author_index(a.author)
        if old.title != a.title:
            self.titles.set(row, a.title)
        if old.link != a.link:
            self.links.set(row, a.link)
        same = a.guid == a.link
        if not same and (old.guid != a.guid or old.guid == old.link):
            self.guids.set(row, a.guid)
        self.flags[row] = model_flags(a) | (GUID_IS_LINK if same else 0)
        return row

    def remove(self, article_id: str) -> int | None:
        """Drop an article; its row stays, dead. Returns the row, None if it is not held."""
        row = self._lookup.drop(article_id)
        if row is not None:
            self._dead(row)
        return row

    def _dead(self, row: int) -> None:
        self.flags[row] |= DEAD
        self.live -= 1

    def index_row(self, row: int) -> None:
        """Make a row findable by its id."""
        replaced = self._lookup.add(row)
        if replaced is not None:
            self._dead(replaced)

    def index_all(self) -> None:
        """index_row for every row, in one sizing (after a load)."""
        rows = compress(range(self.size), self.alive())
        for replaced in self._lookup.rebuild(rows, self.live):
            self._dead(replaced)

    def date_value(self, row: int, name: str, when: datetime) -> int:
        """The column value of a date (one not in UTC kept aside, exactly)."""
        if when.tzinfo is not UTC:
            self.odd_dates[(row, name)] = when
        else:
            self.odd_dates.pop((row, name), None)
        return micros(when)

    def _feed_index(self, feed_id: str) -> int:
        at = self._feed_at.get(feed_id)
        if at is None:
            at = self._feed_at[feed_id] = len(self.feed_ids)
            self.feed_ids.append(feed_id)
        return at

    def _author_index(self, author: str) -> int:
        at = self._author_at.get(author)
        if at is None:
            at = self._author_at[author] = len(self.authors)
            self.authors.append(author)
        return at

    def frozen(self) -> ArticleTable:
        """The table as it is now, for the writer thread: append-only columns shared, the
        rest copied (C-level copies); not to be changed."""
        copy = ArticleTable.__new__(ArticleTable)
        size = self.size
        copy.__dict__.update(self.__dict__)
        copy.size = size
        copy.flags = self.flags[:size]
        copy.published = self.published[:size]
        copy.fetched = self.fetched[:size]
        copy.feed = self.feed[:size]
        copy.author = self.author[:size]
        copy.feed_ids = list(self.feed_ids)
        copy.authors = list(self.authors)
        copy.titles, copy.links, copy.guids = (
            self.titles.frozen(),
            self.links.frozen(),
            self.guids.frozen(),
        )
        copy.odd_ids = dict(self.odd_ids)
        copy.odd_dates = dict(self.odd_dates)
        copy.updated = dict(self.updated)
        copy.tags = dict(self.tags)
        return copy


def _set(side: dict[int, Any], row: int, value: Any) -> None:
    if value is None:
        side.pop(row, None)
    else:
        side[row] = value
