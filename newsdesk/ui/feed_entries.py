"""Provides feed_entries: the feed list's rows (the fixed entries, article tags, feed tags
as folders and the feeds) with the unread count of each, from the view's counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from newsdesk.core.models import Feed
from newsdesk.ui.widgets.feed_list import FeedEntry

UNTAGGED = ""


class EntryCounts(NamedTuple):  # (a named tuple: see FeedEntry)
    unread_by_feed: Counter[str]
    tag_counts: Counter[str]  # articles per article tag: which tags are listed
    tag_unread: Counter[str]
    starred_unread: int
    stories_unread: int


def feed_entries(
    feeds: Sequence[Feed], counts: EntryCounts, collapsed: set[str]
) -> list[FeedEntry]:
    """Every row of the feed list; each count is of unread articles (the list's title
    says so), the article list's title gives the totals."""
    unread = counts.unread_by_feed
    total = sum(unread.values())
    entries = [
        FeedEntry("all", "", "All articles", total),
        FeedEntry("unread", "", "Unread", total),
        FeedEntry("starred", "", "Starred", counts.starred_unread),
        FeedEntry("stories", "", "Stories", counts.stories_unread),
    ]
    for tag in sorted(counts.tag_counts, key=str.casefold):
        entries.append(FeedEntry("article-tag", tag, f"#{tag}", counts.tag_unread[tag]))
    titles = Counter(f.display_title.casefold() for f in feeds)
    same_title = {f.id for f in feeds if titles[f.display_title.casefold()] > 1}

    def entry(feed: Feed, depth: int = 0) -> FeedEntry:
        label = feed.display_title
        if feed.id in same_title:
            host = urlsplit(feed.url).hostname or feed.url
            label = f"{label} ({host})"  # two feeds with one title: the host tells them apart
        return FeedEntry("feed", feed.id, label, unread.get(feed.id, 0), feed.failed, depth)

    groups: dict[str, list[Feed]] = {}
    for feed in feeds:
        for tag in feed.tags or (UNTAGGED,):
            groups.setdefault(tag, []).append(feed)
    for tag in sorted((t for t in groups if t), key=str.casefold):
        members = groups[tag]
        folded = tag in collapsed
        marker = "▸ " if folded else "▾ "
        entries.append(
            FeedEntry(
                "tag",
                tag,
                marker + tag,
                sum(unread.get(f.id, 0) for f in members),
                any(f.failed for f in members),
            )
        )
        if not folded:
            entries += [entry(f, depth=1) for f in members]
    entries += [entry(f) for f in groups.get(UNTAGGED, [])]
    return entries
