"""Provides DeskState: the screen's view of the article index, kept in step with the desk.

No Textual here: ordering, counts, grouping, filtering and next-unread are plain Python and
tested headless; the screen passes what this returns down to its widgets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.core.models import Article, Feed
from newsdesk.desk import Desk
from newsdesk.ui.widgets.article_list import StoryHead
from newsdesk.ui.widgets.feed_list import FeedEntry

UNTAGGED = ""


@dataclass(frozen=True, slots=True)
class Filter:
    entry: FeedEntry | None = None
    unread_only: bool = False
    query: str = ""
    extra_ids: frozenset[str] = frozenset()  # matches found beyond the index (bodies, notes)


class DeskState:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.by_id: dict[str, Article] = {}
        self.order: list[str] = []
        self.unread_by_feed: Counter[str] = Counter()
        self.tag_counts: Counter[str] = Counter()  # articles per tag: which tags are listed
        self.tag_unread: Counter[str] = Counter()
        self.starred = 0
        self.starred_unread = 0
        self.collapsed: set[str] = set()
        self.story_heads: list[StoryHead] = []  # stories of 2+ outlets, once grouped
        self._same_title: set[str] = set()

    def load(self) -> None:
        articles = sorted(self.desk.articles(), key=lambda a: a.published, reverse=True)
        self.by_id = {a.id: a for a in articles}
        self.order = [a.id for a in articles]
        self.unread_by_feed = Counter(a.feed_id for a in articles if not a.read)
        self.tag_counts = Counter(t for a in articles for t in a.tags)
        self.tag_unread = Counter(t for a in articles if not a.read for t in a.tags)
        self.starred = sum(1 for a in articles if a.starred)
        self.starred_unread = sum(1 for a in articles if a.starred and not a.read)
        self.load_stories()

    def load_stories(self) -> None:
        """The Stories entry's rows: nothing until the desk has grouped its stories (that
        happens after first paint, never on the way to it)."""
        if not self.desk.stories_loaded:
            self.story_heads = []
            return
        self.story_heads = [
            StoryHead(
                row.id,
                row.articles[0],
                row.outlets,
                any(not self.by_id.get(a.id, a).read for a in row.articles),
            )
            for row in self.desk.story_rows(2)
        ]

    def refreshed(self, ids: Iterable[str]) -> list[Article]:
        """Re-read changed articles from the desk, keeping counts right; returns new copies."""
        out = []
        for article_id in ids:
            old = self.by_id.get(article_id)
            new = self.desk.article(article_id)
            if old is None or new is None:
                continue
            if old.read != new.read:
                self.unread_by_feed[new.feed_id] += -1 if new.read else 1
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
            self.by_id[article_id] = new
            out.append(new)
        return out

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
        articles: Iterable[Article] = (self.by_id[i] for i in self.order)
        entry = flt.entry
        if flt.query:
            needle = flt.query.casefold()
            articles = (
                a for a in articles if a.id in flt.extra_ids or needle in a.title.casefold()
            )
        elif entry is not None and entry.kind != "all":
            articles = self._in_entry(articles, entry)
        if flt.unread_only:
            articles = (a for a in articles if not a.read)
        return list(articles)

    def _in_entry(self, articles: Iterable[Article], entry: FeedEntry) -> Iterable[Article]:
        if entry.kind == "unread":
            return (a for a in articles if not a.read)
        if entry.kind == "starred":
            return (a for a in articles if a.starred)
        if entry.kind == "stories":  # the screen lists story rows; a search lists articles
            return (a for a in articles if self.desk.story_outlets_of(a.id) >= 2)
        if entry.kind == "article-tag":
            return (a for a in articles if entry.key in a.tags)
        if entry.kind == "tag":
            feed_ids = {f.id for f in self.desk.feeds() if entry.key in f.tags}
            return (a for a in articles if a.feed_id in feed_ids)
        return (a for a in articles if a.feed_id == entry.key)

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
        *,
        include_start: bool = False,
    ) -> Article | None:
        """The next unread article after `after_id` (or from it, with `include_start`), in
        `within` first, then the whole desk."""
        for pool in ([a.id for a in within] if within is not None else None, self.order):
            if pool is None:
                continue
            ids = pool if direction > 0 else list(reversed(pool))
            start = ids.index(after_id) + (0 if include_start else 1) if after_id in ids else 0
            for article_id in ids[start:]:
                article = self.by_id.get(article_id)
                if article is None or article.read:
                    continue
                if include_start or article_id != after_id:
                    return article
        return None

    def unread_count(self) -> int:
        return sum(self.unread_by_feed.values())
