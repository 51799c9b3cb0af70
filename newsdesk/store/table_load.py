"""Provides append_docs and append_models: many rows into the article table at once.

Loading 250,000 documents one call each (a model, or a row, per document) was a third of a
large desk's start-up; here a slice is taken in C-level passes over its documents (a field
at a time), and only the odd ones (ids not made here, dates not in UTC, a feed's first
address) are looked at one by one. A refresh's new articles of a feed go in the same way
(append_models): storing 10,000 new articles one at a time took 100 ms, now 84.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import eq, is_, itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

from newsdesk.core.columns import HAS_FULL, READ, SHOW_FULL, STARRED, micros
from newsdesk.store.row_lookup import ODD, id_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newsdesk.core.models import Article
    from newsdesk.store.article_table import ArticleTable

GUID_IS_LINK = 32  # a row flag beside newsdesk.core.columns': the guid is the link, kept once


def append_docs(table: ArticleTable, docs: list[dict[str, Any]]) -> None:
    """append for stored documents (a load's slice): C-level passes over the slice,
    not a model, nor a call, per document; only the odd ones (ids not made here, dates
    not in UTC) are looked at one by one. Raises on a damaged document."""
    first, count = table.size, len(docs)
    ids: list[str] = list(map(itemgetter("id"), docs))
    joined = "\n".join(ids) + "\n"
    if len(joined) == 16 * count and _all_canonical(joined):  # no odd id: one pass
        keys: list[int] = list(map(int, ids, repeat(16)))
    else:
        keys = list(map(id_key, ids))
        for row, key in enumerate(keys, first):
            if key >= ODD:
                table.odd_ids[row] = ids[row - first]
    _dates(table, table.published, first, "published", list(map(_get("published"), docs)))
    _dates(table, table.fetched, first, "fetched", list(map(_get("fetched"), docs)))
    updated = list(map(_get("updated", None), docs))
    for at in compress(range(count), updated):
        table.updated[first + at] = _fromiso(updated[at])
    tags = list(map(_get("tags", None), docs))
    for at in compress(range(count), tags):
        table.tags[first + at] = tuple(tags[at])
    feeds = _indexed(list(map(_get("feed_id"), docs)), table._feed_at, table._feed_index)
    authors = map(_get("author", ""), docs)
    table.author.extend(_indexed(list(authors), table._author_at, table._author_index))
    table.titles.extend(list(map(_get("title"), docs)))
    links: list[str] = list(map(_get("link", ""), docs))
    guids: list[str] = list(map(_get("guid"), docs))
    same = list(map(eq, guids, links))
    table.links.extend_in(links, feeds)
    table.guids.extend_in(["" if s else g for s, g in zip(same, guids, strict=True)], feeds)
    table.feed.extend(feeds)
    flags = bytearray(GUID_IS_LINK if s else 0 for s in same)
    for name, bit in _FLAG_FIELDS:
        for at in compress(range(count), map(_get(name, False), docs)):
            flags[at] |= bit
    table.flags += flags
    table.idkeys.extend(keys)
    table.size = first + count
    table.live += count


def append_models(table: ArticleTable, articles: Sequence[Article]) -> None:
    """append for new articles (a refresh's of one feed), column by column; their rows are
    complete before `size` takes them in, as `append`'s are."""
    first, count = table.size, len(articles)
    keys = [id_key(a.id) for a in articles]
    for row, key, a in zip(range(first, first + count), keys, articles, strict=True):
        if key >= ODD:
            table.odd_ids[row] = a.id
        if a.updated is not None:
            table.updated[row] = a.updated
        if a.tags:
            table.tags[row] = a.tags
    _model_dates(table, table.published, first, "published", [a.published for a in articles])
    _model_dates(table, table.fetched, first, "fetched", [a.fetched for a in articles])
    feeds = _indexed([a.feed_id for a in articles], table._feed_at, table._feed_index)
    authors = [a.author for a in articles]
    table.author.extend(_indexed(authors, table._author_at, table._author_index))
    table.titles.extend([a.title for a in articles])
    links = [a.link for a in articles]
    same = [a.guid == a.link for a in articles]
    table.links.extend_in(links, feeds)
    table.guids.extend_in(["" if s else a.guid for s, a in zip(same, articles, strict=True)], feeds)
    table.feed.extend(feeds)
    table.flags += bytearray(
        model_flags(a) | (GUID_IS_LINK if s else 0) for s, a in zip(same, articles, strict=True)
    )
    table.idkeys.extend(keys)
    table.size = first + count
    table.live += count


def model_flags(a: Article) -> int:
    """An article's flag byte, but for GUID_IS_LINK."""
    return (
        (READ if a.read else 0)
        | (STARRED if a.starred else 0)
        | (HAS_FULL if a.has_full else 0)
        | (SHOW_FULL if a.show_full else 0)
    )


def _model_dates(
    table: ArticleTable, column: array[int], first: int, name: str, whens: list[datetime]
) -> None:
    """_dates for dates already parsed."""
    if all(when.tzinfo is UTC for when in whens):
        column.extend(map(micros, whens))
        return
    for row, when in enumerate(whens, first):
        column.append(table.date_value(row, name, when))


def _dates(
    table: ArticleTable, column: array[int], first: int, name: str, texts: list[str]
) -> None:
    """Append parsed dates to a column of microseconds: each distinct text parsed once
    (a refresh stamps its articles with one time), a date not in UTC kept aside."""
    parsed = {text: _fromiso(text) for text in set(texts)}
    if all(when.tzinfo is UTC for when in parsed.values()):
        values = {text: micros(when) for text, when in parsed.items()}
        column.extend(map(values.__getitem__, texts))
        return
    for row, text in enumerate(texts, first):
        column.append(table.date_value(row, name, parsed[text]))


_fromiso = datetime.fromisoformat
_FLAG_FIELDS = (
    ("read", READ),
    ("starred", STARRED),
    ("has_full", HAS_FULL),
    ("show_full", SHOW_FULL),
)
_all_canonical = re.compile(r"(?:[0-9a-f]{15}\n)*").fullmatch


def _indexed(values: list[str], known: dict[str, int], add: Callable[[str], int]) -> list[int]:
    """The index of each value (a feed id, an author): looked up C-level, a new one added."""
    found = list(map(known.get, values))
    for at in compress(range(len(values)), map(is_, found, repeat(None))):
        found[at] = add(values[at])
    return found  # type: ignore[return-value]  # (every None was replaced)


def _get(name: str, *default: Any) -> Callable[[dict[str, Any]], Any]:
    """A document's field `name` (its default when given and the field is missing)."""
    return methodcaller("get", name, *default) if default else itemgetter(name)
