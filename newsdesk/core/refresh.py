"""Provides refresh: fetch -> parse -> store for many feeds at once, with progress callbacks.

One httpx.AsyncClient (keep-alive) serves every feed, at most `concurrency` requests in flight
and at most `per_host` to one host (newsdesk.core.origins); newsdesk.core.fetch_feed gets one
feed's bytes. Store writes happen on the caller's event loop thread only (TinyDB is not
thread-safe); parsing runs in a worker thread (the open desk) or worker processes (the CLI,
newsdesk.core.parse_pool) so a large feed never freezes the desk, and each feed's bodies go to
disk as soon as it is stored. A failing feed
records its error and failure count and is skipped until its backoff expires; every other
feed still refreshes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, Protocol

from newsdesk.core.errors import DuplicateFeedError, FeedError
from newsdesk.core.fetch import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_READ_TIMEOUT,
    FeedGoneError,
    FetchResult,
    make_client,
)
from newsdesk.core.fetch_feed import Limits, fetch_feed
from newsdesk.core.localfeed import is_private_host, read_local
from newsdesk.core.models import Feed
from newsdesk.core.origins import HostGates, OriginPools
from newsdesk.core.parse_pool import ParsePool
from newsdesk.core.ports import KEEP, ArticleInput, Store, UpsertResult
from newsdesk.core.retention import (
    DEFAULT_MAX_PER_FEED,
    RetentionPolicy,
    apply_retention,
    newest,
)
from newsdesk.core.wording import plural

if TYPE_CHECKING:
    import httpx

    from newsdesk.core.parsed import ParsedEntry, ParsedFeed

DEFAULT_CONCURRENCY = 64  # requests in flight; most subscription lists span many hosts
DEFAULT_PER_HOST = 8  # requests in flight to one host (browsers and URLSession: 6)
BACKOFF_START = timedelta(minutes=15)  # after the second failure in a row
BACKOFF_MAX = timedelta(hours=24)


OutcomeStatus = Literal["updated", "not_modified", "failed"]
"""What refreshing one feed did (a disabled feed's outcome is "failed")."""


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    feed_id: str
    url: str
    status: OutcomeStatus
    new: int = 0
    error: str | None = None
    engine: str = ""  # which parser read it (strict | feedparser | json); "" if none ran
    notice: str | None = None  # something the user should know about a feed that worked
    duplicate_of: str | None = None  # failed: it leads to this subscribed feed's address

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "url": self.url,
            "status": self.status,
            "new": self.new,
            "error": self.error,
        }
        if self.notice:
            out["notice"] = self.notice
        return out


@dataclass(slots=True)
class RefreshReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    def count(self, status: OutcomeStatus) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        feeds = len(self.outcomes)
        return (
            f"{plural(feeds, 'feed')}: {self.count('updated')} updated, "
            f"{self.count('not_modified')} unchanged, {self.count('failed')} failed, "
            f"{plural(self.new, 'new article')} "
            f"in {self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, object]:
        return {"feeds": [o.as_dict() for o in self.outcomes], "new": self.new}


def ingest(
    store: Store,
    feed: Feed,
    parsed: ParsedFeed,
    fetched_at: datetime,
    max_items: int = DEFAULT_MAX_PER_FEED,
) -> UpsertResult:
    """The one path from a parsed feed into the store, used by refresh, add and the sample
    desk. Only the `max_items` newest entries are stored (0: all), even if the feed lists
    more."""
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
            enclosures=e.enclosures,
        )
        for e in kept_entries(parsed, fetched_at, max_items)
    ]
    result = store.upsert_articles(feed.id, items)
    store.update_feed(
        feed.id,
        kind=parsed.kind,
        title=parsed.title if parsed.title and not feed.title else KEEP,
        site_url=parsed.site_url if parsed.site_url and parsed.site_url != feed.site_url else KEEP,
    )
    return result


def kept_entries(parsed: ParsedFeed, fetched_at: datetime, max_items: int) -> list[ParsedEntry]:
    return newest(parsed.entries, max_items, lambda e: e.published or fetched_at)


def backoff_until(feed: Feed) -> datetime | None:
    """When a failing feed may be tried again; None if it may be tried now."""
    if feed.failures < 2 or feed.last_fetched is None:
        return None
    delay = min(BACKOFF_START * 2 ** (feed.failures - 2), BACKOFF_MAX)
    return feed.last_fetched + delay


def _record_failure(store: Store, feed: Feed, message: str, now: datetime) -> FeedOutcome:
    store.update_feed(
        feed.id, last_status="failed", error=message, failures=feed.failures + 1, last_fetched=now
    )
    return FeedOutcome(feed.id, feed.url, "failed", 0, message)


def refresh_local(store: Store, feed: Feed) -> FeedOutcome:
    """Synchronous refresh of a file feed; the sample desk loads this way."""
    from newsdesk.core.parse import parse_feed

    now = datetime.now(UTC)
    try:
        result = read_local(feed.url)
        parsed = parse_feed(result.content or b"", feed.url)
    except FeedError as error:
        return _record_failure(store, feed, error.message, now)
    return _apply(store, feed, parsed, result, now)


def _apply(
    store: Store,
    feed: Feed,
    parsed: ParsedFeed,
    result: FetchResult,
    now: datetime,
    new_url: str | None = None,
    max_items: int = DEFAULT_MAX_PER_FEED,
) -> FeedOutcome:
    upserted = ingest(store, feed, parsed, now, max_items)
    store.release_bodies(feed.id)  # on disk while the other feeds arrive, then out of memory
    moved_to, notice = _move(store, feed, new_url)
    store.update_feed(
        feed.id,
        url=moved_to or KEEP,
        last_status="updated",
        error=None,
        failures=0,
        last_fetched=now,
        etag=result.etag,
        last_modified=result.last_modified,
    )
    return FeedOutcome(feed.id, feed.url, "updated", upserted.new, None, parsed.engine, notice)


def _move(store: Store, feed: Feed, new_url: str | None) -> tuple[str | None, str | None]:
    """The subscription's new address after a permanent redirect (None: it stays), unless
    that would point a feed on the internet at this machine or its private network: then
    the second value says so."""
    if not new_url or new_url == feed.url or store.feed_by_url(new_url) is not None:
        return None, None
    if is_private_host(new_url) and not is_private_host(feed.url):
        return None, (
            f"The feed says it moved permanently to {new_url[:200]}, a local or private "
            "address; the subscription keeps its address"
        )
    return new_url, None


async def refresh_feeds(
    store: Store,
    feeds: Sequence[Feed],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    on_outcome: Callable[[FeedOutcome], None] | None = None,
    force: bool = False,
    deadline: float = DEFAULT_DEADLINE,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    retention: RetentionPolicy | None = None,
    cancel: CancelFlag | None = None,
    parse_processes: int = 0,
) -> RefreshReport:
    """Refresh `feeds` (disabled ones are left alone); never raises for a single feed.

    At most `concurrency` requests are in flight, at most `per_host` to one host; parsing and
    storing happen outside those limits (a fetched feed keeps its slot only while the parse
    workers are behind, so fetching runs no further ahead of parsing than the slots).
    `parse_processes` > 0 parses in that many worker processes (the CLI does: a second
    core, no GIL contention with the network); 0 parses in threads, which suits a
    long-lived app. Once `cancel` is set, feeds not yet started are skipped (and left out
    of the report)."""
    started = time.perf_counter()
    report = RefreshReport()
    wanted = [f for f in feeds if not f.disabled]
    policy = retention or RetentionPolicy()
    pools = OriginPools(per_host)
    run = _Run(
        store,
        asyncio.Semaphore(max(1, concurrency)),
        HostGates(per_host, (f.url for f in wanted)),
        ParsePool(parse_processes),
        Limits(deadline, max_bytes),
        force,
        cancel,
        policy.max_per_feed,
    )
    touched: dict[str, frozenset[str]] = {}  # feed id -> identities its document lists now
    if any(not (f.etag or f.last_modified) for f in wanted):
        run.parser.start()  # a feed without validators will have to be parsed: start now

    async with make_client(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        concurrency=concurrency,
        transport=pools,
    ) as client:

        async def one(feed: Feed) -> None:
            try:
                done = await _refresh_one(run, client, feed)
            finally:
                if run.hosts.finished(feed.url):
                    await pools.close_host(feed.url)
            if done is None:
                return
            outcome, listed = done
            report.outcomes.append(outcome)
            if listed is not None:
                touched[feed.id] = listed
            if on_outcome is not None:
                on_outcome(outcome)

        try:
            await asyncio.gather(*(one(f) for f in wanted))
        finally:
            await run.parser.aclose()
    if touched:
        apply_retention(store, policy, touched, touched)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True, slots=True)
class _Run:
    store: Store
    gate: asyncio.Semaphore
    hosts: HostGates
    parser: ParsePool
    limits: Limits
    force: bool
    cancel: CancelFlag | None
    max_items: int = DEFAULT_MAX_PER_FEED


async def _refresh_one(
    run: _Run, client: httpx.AsyncClient, feed: Feed
) -> tuple[FeedOutcome, frozenset[str] | None] | None:
    """The outcome, and the identities the feed lists now when it was updated; None when
    the run was cancelled before this feed started or the feed was removed meanwhile (a
    removal during a refresh must not stop the other feeds, nor bring articles back)."""
    store = run.store
    now = datetime.now(UTC)
    retry_at = None if run.force else backoff_until(feed)
    if retry_at is not None and retry_at > now:
        message = (
            f"Not retried until {retry_at:%Y-%m-%d %H:%M} UTC after {feed.failures} "
            f"failures; last error: {feed.error or 'unknown'}"
        )
        return FeedOutcome(feed.id, feed.url, "failed", 0, message), None
    if (feed.etag or feed.last_modified) and store.bodies_missing(feed.id):
        # a conditional request would answer "unchanged" and the bodies would never return
        feed = store.update_feed(feed.id, etag=None, last_modified=None)
    try:
        async with run.hosts.turn(feed.url, run.gate) as turn:  # the host's turn, then a slot
            if run.cancel is not None and run.cancel.is_set():
                return None
            try:
                result, new_url = await fetch_feed(client, feed, run.limits)
            finally:
                turn.leave_host()  # its request is done; the slot waits for the parsers
            if store.feed(feed.id) is None:
                return None  # unsubscribed while it was fetched: nothing of it is stored
            parsing = None
            if not result.not_modified:
                other = store.feed_by_url(new_url) if new_url and new_url != feed.url else None
                if other is not None:
                    raise DuplicateFeedError(other.url)
                # handed over with the slot still held: waits while the parsers are behind
                parsing = await run.parser.submit(
                    result.content or b"", result.url, result.content_type
                )
        if parsing is None:
            moved_to, notice = _move(store, feed, new_url)
            store.update_feed(
                feed.id,
                url=moved_to or KEEP,
                last_status="not_modified",
                error=None,
                failures=0,
                last_fetched=now,
            )
            return FeedOutcome(feed.id, feed.url, "not_modified", notice=notice), None
        parsed = await parsing
    except FeedGoneError as error:
        if store.feed(feed.id) is None:
            return None
        store.update_feed(
            feed.id,
            last_status="disabled",
            disabled=True,
            error=error.message,
            failures=feed.failures + 1,
            last_fetched=now,
        )
        return FeedOutcome(feed.id, feed.url, "failed", 0, error.message), None
    except FeedError as error:
        if store.feed(feed.id) is None:
            return None
        outcome = _record_failure(store, feed, error.message, now)
        if isinstance(error, DuplicateFeedError):
            outcome = replace(outcome, duplicate_of=error.url)
        return outcome, None
    except Exception as error:  # a bug must cost one feed, never the whole refresh
        if store.feed(feed.id) is None:
            return None
        message = f"Unexpected error reading this feed ({type(error).__name__}: {error})"
        return _record_failure(store, feed, " ".join(message.split())[:300], now), None
    if store.feed(feed.id) is None:
        return None  # unsubscribed while it was parsed
    listed = frozenset(e.identity for e in kept_entries(parsed, now, run.max_items))
    return _apply(store, feed, parsed, result, now, new_url, run.max_items), listed
