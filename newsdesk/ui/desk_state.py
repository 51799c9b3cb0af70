"""Provides DeskState: the screen's view of the article index, kept in step with the desk.

No Textual here: ordering, counts, grouping, filtering and next-unread are plain Python and
tested headless; the screen passes what this returns down to its widgets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain, compress, filterfalse
from operator import attrgetter, countOf, indexOf
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsdesk.core.models import Article, Feed
from newsdesk.desk import Desk
from newsdesk.ui.title_search import TitleSearch
from newsdesk.ui.widgets.article_list import NewestFirst, newest_first
from newsdesk.ui.widgets.feed_list import FeedEntry

if TYPE_CHECKING:  # story rows load when stories are grouped (ui/widgets/records.py)
    from newsdesk.ui.widgets.records import StoryHead

UNTAGGED = ""


@dataclass(frozen=True, slots=True)
class Filter:
    entry: FeedEntry | None = None
    unread_only: bool = False
    query: str = ""
    extra_ids: frozenset[str] = frozenset()  # matches found beyond the index (bodies, notes)


class DeskState:
    """The article index in display order, newest first, with the counts the feed list shows.

    Built for 250,000 articles: the rows are kept as one list in order (`rows`; a row is
    found again by bisecting on its date, the date the desk's own map by id gives, so the
    view holds no map of its own: 40 bytes an article, 10 MB at 250,000), a changed
    article is replaced in place, filters run as C-level passes over that list, and search
    scans a prepared lower-cased title column (ui.title_search), narrowing the last result
    while the user types on.
    """

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.rows: list[Article] = []
        self.unread_by_feed: Counter[str] = Counter()
        self.tag_counts: Counter[str] = Counter()  # articles per tag: which tags are listed
        self.tag_unread: Counter[str] = Counter()
        self.starred = 0
        self.starred_unread = 0
        self.collapsed: set[str] = set()
        self.story_heads: list[StoryHead] = []  # stories of 2+ outlets, once grouped
        self._same_title: set[str] = set()
        self.search = TitleSearch(self.rows)

    def load(self) -> None:
        rows = sorted(self.desk.articles(), key=_published, reverse=True)
        self.rows = rows
        self.unread_by_feed = Counter(map(_feed_id, filterfalse(_read, rows)))
        self.tag_counts = Counter(chain.from_iterable(map(_tags, filter(_tags, rows))))
        self.tag_unread = Counter(
            chain.from_iterable(map(_tags, filter(_tags, filterfalse(_read, rows))))
        )
        self.starred = sum(map(_starred, rows))
        self.starred_unread = sum(1 for a in filter(_starred, rows) if not a.read)
        self.search = TitleSearch(rows)
        self.load_stories()

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

    def refreshed(self, ids: Iterable[str]) -> list[Article]:
        """Re-read changed articles from the desk, keeping counts right; returns new copies."""
        out = []
        read_changed = []
        for article_id in ids:
            new = self.desk.article(article_id)
            index = self._row_dated(article_id, new)
            if new is None or index is None:
                continue
            old = self.rows[index]
            if old.read != new.read:
                self.unread_by_feed[new.feed_id] += -1 if new.read else 1
                read_changed.append(article_id)
            if old.starred != new.starred:
                self.starred += 1 if new.starred else -1
            if old.tags != new.tags:
                self.tag_counts.subtract(old.tags)
                self.tag_counts.update(new.tags)
                self.tag_counts = +self.tag_counts  # drop tags no article has any more
            self.starred_unread += (new.starred and not new.read) - (old.starred and not old.read)
            if not old.read:
                self.tag_unread.subtract(old.tags)
            if not new.read:
                self.tag_unread.update(new.tags)
            self.rows[index] = new
            self.search.changed(index, old, new)
            out.append(new)
        if read_changed and self.story_heads:
            self._restory(read_changed)
        return out

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
        index = self.row_of(article_id)
        return None if index is None else self.rows[index]

    def row_of(self, article_id: str) -> int | None:
        """Where an article sits in `rows`: a bisection on its date (rows are newest first),
        then a step over the articles sharing that date."""
        return self._row_dated(article_id, self.desk.article(article_id))

    def _row_dated(self, article_id: str, article: Article | None) -> int | None:
        """row_of, the desk's copy of the article given. That copy has the view's date but
        for a moment: a refresh that moves an article's date reloads the view once it is
        done, and until then the row is looked for along the list (a C-level pass)."""
        if article is None:
            return None
        rows = self.rows
        when = article.published
        index = bisect_left(rows, NewestFirst(when), key=newest_first)
        while index < len(rows) and rows[index].published == when:
            if rows[index].id == article_id:
                return index
            index += 1
        try:
            return indexOf(map(_id, rows), article_id)
        except ValueError:
            return None  # not listed yet (the view reloads after the change that added it)

    # feed list ----------------------------------------------------------------------------
    def feed_entries(self) -> list[FeedEntry]:
        """Every row of the feed list; each count is of unread articles (the list's title
        says so), the article list's title gives the totals."""
        total = sum(self.unread_by_feed.values())
        entries = [
            FeedEntry("all", "", "All articles", total),
            FeedEntry("unread", "", "Unread", total),
            FeedEntry("starred", "", "Starred", self.starred_unread),
            FeedEntry("stories", "", "Stories", sum(1 for h in self.story_heads if h.unread)),
        ]
        for tag in sorted(self.tag_counts, key=str.casefold):
            entries.append(FeedEntry("article-tag", tag, f"#{tag}", self.tag_unread[tag]))
        feeds = self.desk.feeds()
        titles = Counter(f.display_title.casefold() for f in feeds)
        self._same_title = {f.id for f in feeds if titles[f.display_title.casefold()] > 1}
        groups: dict[str, list[Feed]] = {}
        for feed in feeds:
            for tag in feed.tags or (UNTAGGED,):
                groups.setdefault(tag, []).append(feed)
        for tag in sorted((t for t in groups if t), key=str.casefold):
            members = groups[tag]
            unread = sum(self.unread_by_feed.get(f.id, 0) for f in members)
            collapsed = tag in self.collapsed
            marker = "▸ " if collapsed else "▾ "
            entries.append(
                FeedEntry("tag", tag, marker + tag, unread, any(f.failed for f in members))
            )
            if not collapsed:
                entries += [self._feed_entry(f, depth=1) for f in members]
        entries += [self._feed_entry(f) for f in groups.get(UNTAGGED, [])]
        return entries

    def _feed_entry(self, feed: Feed, depth: int = 0) -> FeedEntry:
        label = feed.display_title
        if feed.id in self._same_title:
            host = urlsplit(feed.url).hostname or feed.url
            label = f"{label} ({host})"  # two feeds with one title: the host tells them apart
        return FeedEntry(
            "feed",
            feed.id,
            label,
            self.unread_by_feed.get(feed.id, 0),
            feed.failed,
            depth,
        )

    # article list -------------------------------------------------------------------------
    def articles(self, flt: Filter) -> list[Article]:
        """The rows `flt` shows, in order. Unfiltered, this is `rows` itself (no copy of
        250,000 references per keypress): the caller may replace a row with its newer copy,
        which `refreshed` has already done, but must not otherwise change the list."""
        rows = self.rows
        entry = flt.entry
        articles: Iterable[Article]
        if flt.query:
            extra_rows = (r for r in map(self.row_of, flt.extra_ids) if r is not None)
            articles = self.search.search(flt.query.casefold(), extra_rows)
        elif entry is not None and entry.kind != "all":
            articles = self._in_entry(rows, entry)
        else:
            articles = rows
        if flt.unread_only:
            articles = filterfalse(_read, articles)
        return articles if isinstance(articles, list) else list(articles)

    def unread_in(self, articles: list[Article]) -> int:
        """How many of `articles` (a list `articles()` returned) are unread: a search
        result's count is known already, anything else is counted."""
        known = self.search.unread_in(articles)
        return countOf(map(_read, articles), False) if known is None else known

    def belongs(self, article: Article, entry: FeedEntry | None) -> bool:
        """Whether `entry` lists `article`, read or not (read state is the one filter an
        article may be shown past: one read while listed stays there)."""
        if entry is None or entry.kind in ("all", "unread"):
            return True
        return any(self._in_entry([article], entry))

    def _in_entry(self, articles: list[Article], entry: FeedEntry) -> Iterable[Article]:
        if entry.kind == "unread":
            return filterfalse(_read, articles)
        if entry.kind == "starred":
            return filter(_starred, articles)
        if entry.kind == "stories":  # the screen lists story rows; a search lists articles
            return (a for a in articles if self.desk.story_outlets_of(a.id) >= 2)
        if entry.kind == "article-tag":
            return (a for a in articles if a.tags and entry.key in a.tags)
        if entry.kind == "tag":
            feed_ids = {f.id for f in self.desk.feeds() if entry.key in f.tags}
            return compress(articles, map(feed_ids.__contains__, map(_feed_id, articles)))
        return compress(articles, map(entry.key.__eq__, map(_feed_id, articles)))

    def group_by_story(self, articles: list[Article]) -> list[Article]:
        """The list with each story's articles together, where its first one was."""
        story_of = self.desk.story_of if self.desk.stories_loaded else (lambda _id: None)
        groups: dict[str, list[Article]] = {}
        for article in articles:
            groups.setdefault(story_of(article.id) or article.id, []).append(article)
        return [a for group in groups.values() for a in group]

    def next_unread(
        self,
        after_id: str | None,
        direction: int,
        within: list[Article] | None = None,
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
                ids = list(map(_id, within))
                at = ids.index(after_id) if after_id in ids else None
            found = self._walk(within, at, after_id, direction, include_start)
            if found is not None:
                return found
        at = self.row_of(after_id) if after_id is not None else None
        return self._walk(self.rows, at, after_id, direction, include_start)

    def _walk(
        self,
        pool: list[Article],
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
        return len(self.desk.articles())


_published = attrgetter("published")
_id = attrgetter("id")
_feed_id = attrgetter("feed_id")
_read = attrgetter("read")
_starred = attrgetter("starred")
_tags = attrgetter("tags")
