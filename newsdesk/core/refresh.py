"""Provides refresh: fetch -> parse -> store for many feeds at once, with progress callbacks.

Store writes happen on the caller's event loop thread only (TinyDB is not thread-safe);
parsing runs in a worker thread so a large feed never freezes the desk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsdesk.core.errors import FeedError
from newsdesk.core.fetch import FetchResult, fetch_http, is_local, make_client, read_local
from newsdesk.core.models import Feed
from newsdesk.core.parse import ParsedFeed, parse_feed
from newsdesk.store.base import ArticleInput, Store, UpsertResult

DEFAULT_CONCURRENCY = 16


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    feed_id: str
    url: str
    status: str  # updated | not_modified | failed
    new: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "status": self.status, "new": self.new, "error": self.error}


@dataclass(slots=True)
class RefreshReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        return (
            f"{len(self.outcomes)} feeds: {self.count('updated')} updated, "
            f"{self.count('not_modified')} unchanged, {self.count('failed')} failed, "
            f"{self.new} new articles in {self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, object]:
        return {"feeds": [o.as_dict() for o in self.outcomes], "new": self.new}


def ingest(store: Store, feed: Feed, parsed: ParsedFeed, fetched_at: datetime) -> UpsertResult:
    """The one path from a parsed feed into the store, used by refresh, add and the sample desk."""
    items = [
        ArticleInput(
            guid=e.identity,
            title=e.title or "(untitled)",
            link=e.link,
            author=e.author,
            published=e.published or fetched_at,
            updated=e.updated,
            summary=e.summary,
            body=e.content_html,
        )
        for e in parsed.entries
    ]
    result = store.upsert_articles(feed.id, items)
    changes: dict[str, object] = {"kind": parsed.kind}
    if parsed.title and not feed.title:
        changes["title"] = parsed.title
    if parsed.site_url and parsed.site_url != feed.site_url:
        changes["site_url"] = parsed.site_url
    store.update_feed(feed.id, **changes)
    return result


def _record_failure(store: Store, feed: Feed, message: str, now: datetime) -> FeedOutcome:
    store.update_feed(feed.id, last_status="failed", error=message,
                      failures=feed.failures + 1, last_fetched=now)
    return FeedOutcome(feed.id, feed.url, "failed", 0, message)


def refresh_local(store: Store, feed: Feed) -> FeedOutcome:
    """Synchronous refresh of a file feed; the sample desk loads this way."""
    now = datetime.now(UTC)
    try:
        parsed = parse_feed(read_local(feed.url).content or b"", feed.url)
    except FeedError as error:
        return _record_failure(store, feed, error.message, now)
    return _apply(store, feed, parsed, FetchResult(feed.url, 200, b""), now)


def _apply(store: Store, feed: Feed, parsed: ParsedFeed, result: FetchResult,
           now: datetime) -> FeedOutcome:
    upserted = ingest(store, feed, parsed, now)
    store.update_feed(feed.id, last_status="updated", error=None, failures=0, last_fetched=now,
                      etag=result.etag, last_modified=result.last_modified)
    return FeedOutcome(feed.id, feed.url, "updated", upserted.new, None)


async def refresh_feeds(
    store: Store,
    feeds: Sequence[Feed],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_outcome: Callable[[FeedOutcome], None] | None = None,
) -> RefreshReport:
    started = time.perf_counter()
    report = RefreshReport()
    gate = asyncio.Semaphore(max(1, concurrency))

    async with make_client() as client:

        async def one(feed: Feed) -> None:
            async with gate:
                outcome = await _refresh_one(store, client, feed)
            report.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

        await asyncio.gather(*(one(f) for f in feeds if not f.disabled))
    report.seconds = time.perf_counter() - started
    return report


async def _refresh_one(store: Store, client, feed: Feed) -> FeedOutcome:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    try:
        if is_local(feed.url):
            result = await asyncio.to_thread(read_local, feed.url)
        else:
            result = await fetch_http(client, feed.url, feed.etag, feed.last_modified)
        if result.not_modified:
            store.update_feed(feed.id, last_status="not_modified", error=None, failures=0,
                              last_fetched=now)
            return FeedOutcome(feed.id, feed.url, "not_modified")
        parsed = await asyncio.to_thread(
            parse_feed, result.content or b"", result.url, result.content_type
        )
    except FeedError as error:
        return _record_failure(store, feed, error.message, now)
    return _apply(store, feed, parsed, result, now)
