"""Provides DeskState: the screen's view of the article index, kept in step with the desk.

No Textual here: ordering, counts, grouping, filtering and next-unread are plain Python and
tested headless; the screen passes what this returns down to its widgets.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import chain, compress
from operator import attrgetter, countOf
from typing import TYPE_CHECKING, NamedTuple

from newsdesk.core.columns import (
    DEAD,
    READ,
    STARRED,
    feed_counts,
    flag_table,
    live_row_tags,
    tag_counts,
)
from newsdesk.core.models import Article
from newsdesk.desk import Desk
from newsdesk.ui.feed_entries import EntryCounts, feed_entries
from newsdesk.ui.rows import UNREAD, RowList, index_in, newest_first, row_array
from newsdesk.ui.title_search import TitleSearch
from newsdesk.ui.widgets.feed_list import FeedEntry

if TYPE_CHECKING:  # story rows load when stories are grouped (ui/widgets/records.py)
    from newsdesk.ui.widgets.records import StoryHead


class Filter(NamedTuple):  # (a named tuple: see FeedEntry)
    entry: FeedEntry | None = None
    unread_only: bool = False
    query: str = ""
    extra_ids: frozenset[str] = frozenset()  # matches found beyond the index (bodies, notes)


class DeskState:
    """The article index in display order, newest first, with the counts the feed list shows.

    Built for 250,000 articles: the view holds no model per article but the desk's rows in
    order (`order`, 4 bytes each) and its own copy of their flag bytes (what the counts and
    "unread" filters were made from, so `refreshed` counts a change once). Lists are
    `RowList`s over row numbers, made into models only where the screen reads them; filters
    and counts are C-level passes over the columns, and search scans a prepared casefolded
    title column (ui.title_search), narrowing the last result while the user types on.
    """

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.columns = desk.article_columns()
        self.order = row_array()
        self.flags = bytearray()  # the view's copy of each row's flags
        self.row_tags: dict[int, tuple[str, ...]] = {}  # the view's copy of the tags
        self.unread_by_feed: Counter[str] = Counter()
        self.tag_counts: Counter[str] = Counter()  # articles per tag: which tags are listed
        self.tag_unread: Counter[str] = Counter()
        self.starred = 0
        self.starred_unread = 0
        self.collapsed: set[str] = set()
        self.story_heads: list[StoryHead] = []  # stories of 2+ outlets, once grouped
        self.rows = RowList(self.columns, self.order, self.flags)
        self.search = TitleSearch(self.rows)

    def load(self) -> None:
        columns = self.columns = self.desk.article_columns()
        self.order = newest_first(columns)
        self.flags = columns.flags[: columns.size]
        self.row_tags = live_row_tags(columns)
        self._count()
        self.rows = RowList(columns, self.order, self.flags)
        self.search = TitleSearch(self.rows)
        self.load_stories()

    def _count(self) -> None:
        flags = self.flags
        unread = flags.translate(UNREAD)
        self.unread_by_feed = feed_counts(self.columns, unread)
        self.tag_counts, self.tag_unread = tag_counts(self.row_tags, unread)
        self.starred = flags.translate(flag_table(STARRED, STARRED)).count(1)
        self.starred_unread = flags.translate(flag_table(STARRED, STARRED | READ)).count(1)

    def load_stories(self) -> None:
        """The Stories entry's rows: nothing until the desk has grouped its stories (that
        happens after first paint, never on the way to it)."""
        if not self.desk.stories_loaded:
            self.story_heads = []
            return
        from newsdesk.ui.widgets.records import StoryHead

        current = self.desk.article
        self.story_heads = [
            StoryHead(
                row.id,
                row.articles[0],
                row.outlets,
                any(not (current(a.id) or a).read for a in row.articles),
            )
            for row in self.desk.story_rows(2)
        ]

    def take_all(self) -> None:
        """Take every change the desk holds at once (flags, tags, counts), for a change to
        thousands of articles (`A` on 250,000: a pass over the columns, not a model each)."""
        columns, flags = self.columns, self.flags
        size = len(flags)
        flags[:] = columns.flags[:size]
        self.row_tags = {r: t for r, t in live_row_tags(columns).items() if r < size}
        self._count()
        self.search.read_changed()
        if self.story_heads:
            self.load_stories()

    def refreshed(self, ids: Iterable[str]) -> list[Article]:
        """Take the desk's changes to these articles, keeping counts right; returns their
        new copies. From the flag bytes and tags (the view's and the desk's), no old copy
        made: marking 250,000 read is one key. A title changes with a refresh, which
        reloads the view."""
        out = []
        read_changed = []
        columns = self.columns
        for article_id in ids:
            row = self._listed_row(article_id)
            if row is None:
                continue
            old, now = self.flags[row], columns.flags[row]
            old_tags, new_tags = self.row_tags.get(row, ()), columns.tags.get(row, ())
            new = columns.article(row)
            was_read, was_starred = bool(old & READ), bool(old & STARRED)
            if was_read != new.read:
                self.unread_by_feed[new.feed_id] += -1 if new.read else 1
                read_changed.append(article_id)
            if was_starred != new.starred:
                self.starred += 1 if new.starred else -1
            if old_tags != new_tags:
                self.tag_counts.subtract(old_tags)
                self.tag_counts.update(new_tags)
                self.tag_counts = +self.tag_counts  # drop tags no article has any more
            self.starred_unread += (new.starred and not new.read) - (was_starred and not was_read)
            if not was_read:
                self.tag_unread.subtract(old_tags)
            if not new.read:
                self.tag_unread.update(new_tags)
            self.flags[row] = now
            if new_tags:
                self.row_tags[row] = new_tags
            else:
                self.row_tags.pop(row, None)
            out.append(new)
        if out:
            self.search.read_changed()
        if read_changed and self.story_heads:
            self._restory(read_changed)
        return out

    def _listed_row(self, article_id: str) -> int | None:
        """The desk's row of an article the view lists (every live row at its load)."""
        row = self.columns.row_of(article_id)
        if row is None or row >= len(self.flags) or self.flags[row] & DEAD:
            return None
        return row

    def view_read(self, article_id: str) -> bool | None:
        """Whether the view has an article read (None: it does not list it)."""
        row = self._listed_row(article_id)
        return None if row is None else bool(self.flags[row] & READ)

    def _view_copy(self, row: int) -> Article:
        """The article at `row` as the view last took it: its flags and tags the view's."""
        article = self.columns.article(row)
        flags = self.flags[row]
        tags = self.row_tags.get(row, ())
        read, starred = bool(flags & READ), bool(flags & STARRED)
        if article.read != read or article.starred != starred or article.tags != tags:
            article = replace(article, read=read, starred=starred, tags=tags)
        return article

    def _restory(self, article_ids: list[str]) -> None:
        """The story rows of articles read or unread now say whether any of their articles
        is unread, and the Stories entry's count follows."""
        stories = {s for s in map(self.desk.story_of, article_ids) if s is not None}
        if not stories:
            return
        current = self.desk.article
        for n, head in enumerate(self.story_heads):
            if head.story_id in stories:
                members = self.desk.story_articles(head.story_id)
                self.story_heads[n] = replace(
                    head,
                    article=current(head.article.id) or head.article,
                    unread=any(not a.read for a in members),
                )

    def listed(self, article_id: str) -> Article | None:
        """The view's copy of an article, None when the view does not list it (yet)."""
        row = self._listed_row(article_id)
        return None if row is None else self._view_copy(row)

    def row_of(self, article_id: str) -> int | None:
        """Where an article sits in `order`: a bisection on its date (newest first), then a
        step over the rows sharing that date; a row whose date a refresh moved (the view
        reloads once that refresh is done) is looked for along the order (C-level)."""
        columns = self.columns
        row = columns.row_of(article_id)
        if row is None or row >= len(self.flags):
            return None  # not listed yet (the view reloads after the change that added it)
        order, stamps = self.order, columns.published
        when = -stamps[row]
        index = bisect_left(order, when, key=lambda r: -stamps[r])
        while index < len(order) and -stamps[order[index]] == when:
            if order[index] == row:
                return index
            index += 1
        try:
            return order.index(row)
        except ValueError:
            return None

    # feed list ----------------------------------------------------------------------------
    def feed_entries(self) -> list[FeedEntry]:
        """Every row of the feed list (newsdesk.ui.feed_entries)."""
        counts = EntryCounts(
            self.unread_by_feed,
            self.tag_counts,
            self.tag_unread,
            self.starred_unread,
            sum(1 for h in self.story_heads if h.unread),
        )
        return feed_entries(self.desk.feeds(), counts, self.collapsed)

    # article list -------------------------------------------------------------------------
    def articles(self, flt: Filter) -> Sequence[Article]:
        """The rows `flt` shows, in order, as a RowList (its models made as they are read)."""
        rows: Iterable[int]
        entry = flt.entry
        if flt.query:
            extra_rows = (r for r in map(self.row_of, flt.extra_ids) if r is not None)
            found = self.search.search(flt.query.casefold(), extra_rows)
            if not flt.unread_only:
                return found
            assert isinstance(found, RowList)  # the search is over `rows`, a RowList
            rows = found.rows
        elif entry is not None and entry.kind != "all":
            rows = self._in_entry(self.order, entry)
        else:
            if not flt.unread_only:
                return self.rows
            rows = self.order
        if flt.unread_only:
            listed = row_array(rows)
            unread = self.flags.translate(UNREAD)
            rows = compress(listed, map(unread.__getitem__, listed))
        return self.rows.picked(rows)

    def unread_in(self, articles: Sequence[Article]) -> int:
        """How many of `articles` (a list `articles()` returned) are unread: a search
        result's count is known already, anything else is counted."""
        known = self.search.unread_in(articles)
        if known is not None:
            return known
        if isinstance(articles, RowList):
            return articles.unread_count()
        return countOf(map(_read, articles), False)

    def belongs(self, article: Article, entry: FeedEntry | None) -> bool:
        """Whether `entry` lists `article`, read or not (read state is the one filter an
        article may be shown past: one read while listed stays there)."""
        if entry is None or entry.kind in ("all", "unread"):
            return True
        if entry.kind == "starred":
            return article.starred
        if entry.kind == "stories":
            return self.desk.story_outlets_of(article.id) >= 2
        if entry.kind == "article-tag":
            return entry.key in article.tags
        if entry.kind == "tag":
            feed = self.desk.feed(article.feed_id)
            return feed is not None and entry.key in feed.tags
        return article.feed_id == entry.key

    def _in_entry(self, order: array[int], entry: FeedEntry) -> Iterable[int]:
        """The rows of `order` an entry lists (C-level passes over the columns)."""
        if entry.kind in ("unread", "starred"):
            wanted = (0, READ) if entry.kind == "unread" else (STARRED, STARRED)
            mask = self.flags.translate(flag_table(*wanted))
            return compress(order, map(mask.__getitem__, order))
        columns = self.columns
        if entry.kind == "stories":  # the screen lists story rows; a search lists articles
            outlets = self.desk.story_outlets_of
            return (r for r in order if outlets(columns.id_at(r)) >= 2)
        if entry.kind == "article-tag":
            tagged = {r for r, tags in self.row_tags.items() if entry.key in tags}
            return compress(order, map(tagged.__contains__, order))
        feed_ids = columns.feed_ids
        if entry.kind == "tag":
            keys = {f.id for f in self.desk.feeds() if entry.key in f.tags}
        else:
            keys = {entry.key}
        wanted_feeds = bytes(feed_id in keys for feed_id in feed_ids)
        feeds = map(columns.feed.__getitem__, order)
        return compress(order, map(wanted_feeds.__getitem__, feeds))

    def group_by_story(self, articles: Sequence[Article]) -> Sequence[Article]:
        """The list with each story's articles together, where its first one was."""
        story_of = self.desk.story_of if self.desk.stories_loaded else (lambda _id: None)
        if isinstance(articles, RowList):
            rows: dict[str, list[int]] = {}
            for row, article_id in zip(articles.rows, articles.ids(), strict=True):
                rows.setdefault(story_of(article_id) or article_id, []).append(row)
            return articles.picked(chain.from_iterable(rows.values()))
        groups: dict[str, list[Article]] = {}
        for article in articles:
            groups.setdefault(story_of(article.id) or article.id, []).append(article)
        return [a for group in groups.values() for a in group]

    def next_unread(
        self,
        after_id: str | None,
        direction: int,
        within: Sequence[Article] | None = None,
        at: int | None = None,
        *,
        include_start: bool = False,
    ) -> Article | None:
        """The next unread article after `after_id` (or from it, with `include_start`), in
        `within` first, then the whole desk.

        `at` is where `after_id` sits in `within` when the caller knows it; the walk then
        costs the distance to the next unread article, not the length of the list."""
        if within is not None:
            if at is None or not (0 <= at < len(within) and within[at].id == after_id):
                at = index_in(within, after_id) if after_id is not None else None
            found = self._walk(within, at, after_id, direction, include_start)
            if found is not None:
                return found
        at = self.row_of(after_id) if after_id is not None else None
        return self._walk(self.rows, at, after_id, direction, include_start)

    def _walk(
        self,
        pool: Sequence[Article],
        at: int | None,
        after_id: str | None,
        direction: int,
        include_start: bool = False,
    ) -> Article | None:
        start = at if at is not None and include_start else None
        if start is not None:
            indices = range(start, len(pool)) if direction > 0 else range(start, -1, -1)
        elif direction > 0:
            indices = range(at + 1 if at is not None else 0, len(pool))
        else:
            indices = range(at - 1 if at is not None else len(pool) - 1, -1, -1)
        if isinstance(pool, RowList):  # the desk's flags: the view's may lag them
            columns, rows = pool.columns, pool.rows
            flags = columns.flags
            for i in indices:
                row = rows[i]
                if flags[row] & (READ | DEAD):
                    continue
                if include_start or columns.id_at(row) != after_id:
                    return columns.article(row)
            return None
        current = self.desk.article  # the desk's copy: `pool` may hold an older one
        for i in indices:
            article_id = pool[i].id
            article = current(article_id)
            if article is None or article.read:
                continue
            if include_start or article_id != after_id:
                return article
        return None

    def unread_count(self) -> int:
        return sum(self.unread_by_feed.values())

    def whole_desk_size(self) -> int:
        """How many articles the desk holds (before `load` too)."""
        return len(self.desk.article_columns())


_read = attrgetter("read")
