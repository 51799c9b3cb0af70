"""Provides retention: how many articles each feed keeps once a refresh has stored new ones.

At most `max_per_feed` articles per feed (oldest go first; a document listing more than that
stores only its newest, see `newest`) and no read article older than
`max_age_days`. Never removed: starred, tagged, highlighted or annotated articles, and articles
the feed still lists (removing those would bring them back as new on the next refresh).
Configured by the `[retention]` table of the config file (newsdesk.config.RetentionSettings).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat
from operator import lt
from typing import Any, TypeVar

from newsdesk.core.columns import READ, ArticleColumns, micros, rows_of_feeds
from newsdesk.core.models import Article

E = TypeVar("E")
DEFAULT_MAX_PER_FEED = 500
DEFAULT_MAX_AGE_DAYS = 90


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    max_per_feed: int = DEFAULT_MAX_PER_FEED
    """Most articles one feed keeps; 0 means no limit."""
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    """Read articles older than this many days are dropped; 0 means never."""


def newest(entries: Sequence[E], limit: int, when: Callable[[E], datetime]) -> list[E]:
    """The `limit` newest of a feed document's entries (0: all), in document order: a feed
    listing 100,000 items never stores more than a feed may keep."""
    if not limit or len(entries) <= limit:
        return list(entries)
    order = sorted(range(len(entries)), key=lambda i: when(entries[i]), reverse=True)
    kept = sorted(order[:limit])
    return [entries[i] for i in kept]


def doomed(
    articles: Iterable[Article],
    policy: RetentionPolicy,
    protected_ids: Collection[str] = (),
    current_guids: Collection[str] = (),
    now: datetime | None = None,
) -> list[str]:
    """Ids of one feed's articles the policy removes (a pure function: easy to test)."""
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=policy.max_age_days) if policy.max_age_days else None
    kept: list[Article] = []
    removable: list[Article] = []
    for article in articles:
        if (
            article.starred
            or article.tags
            or article.id in protected_ids
            or article.guid in current_guids
        ):
            kept.append(article)
        else:
            removable.append(article)
    out = [a.id for a in removable if cutoff is not None and a.read and a.published < cutoff]
    gone = set(out)
    if policy.max_per_feed:
        remaining = sorted(
            (a for a in removable if a.id not in gone), key=lambda a: (a.published, a.fetched)
        )
        excess = len(kept) + len(remaining) - policy.max_per_feed
        out.extend(a.id for a in remaining[: max(0, excess)])
    return out


def apply_retention(
    store: Any,
    policy: RetentionPolicy,
    feed_ids: Iterable[str],
    current: Mapping[str, Collection[str]] | None = None,
) -> int:
    """Remove what the policy drops from the given feeds; returns how many went."""
    wanted = set(feed_ids)
    if not wanted:
        return 0
    columns = store.article_columns()
    wanted = _may_lose(columns, wanted, policy)
    if not wanted:
        return 0
    protected = {h.article_id for h in store.highlights()} | {n.article_id for n in store.notes()}
    by_feed: dict[str, list[Article]] = {}
    for row in rows_of_feeds(columns, wanted):  # models of those feeds' articles only
        article = columns.article(row)
        by_feed.setdefault(article.feed_id, []).append(article)
    victims: list[str] = []
    for feed_id, articles in by_feed.items():
        guids = (current or {}).get(feed_id, ())
        victims.extend(doomed(articles, policy, protected, guids))
    return store.remove_articles(victims) if victims else 0


def _may_lose(columns: ArticleColumns, feed_ids: set[str], policy: RetentionPolicy) -> set[str]:
    """The feeds the policy could take an article from: over the limit, or holding a read
    article past the age. Worked out on the columns, so a refresh of every feed of a
    250,000-article desk makes no model of a feed that keeps all its articles."""
    rows = rows_of_feeds(columns, feed_ids)
    feed = columns.feed.__getitem__
    names = columns.feed_ids
    out: set[str] = set()
    if policy.max_per_feed:
        counts = Counter(map(feed, rows))
        out |= {names[at] for at, n in counts.items() if n > policy.max_per_feed}
    if policy.max_age_days:
        cutoff = datetime.now(UTC) - timedelta(days=policy.max_age_days)
        before = micros(cutoff)
        read = columns.where(READ, READ)
        old = compress(rows, map(lt, map(columns.published.__getitem__, rows), repeat(before)))
        out |= {names[feed(row)] for row in old if read[row]}
    return out
