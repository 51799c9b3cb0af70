"""Provides FeedUseCases: subscribe, remove, refresh, OPML in and out, the sample desk.

Refreshes on one desk run one at a time: a second request (a key pressed during a full
refresh, a command handed over by cron) waits for the first instead of cancelling it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core.columns import rows_of_feeds, unread_by_feed
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.models import Feed
from newsdesk.core.wording import plural
from newsdesk.desk.base import DeskBase
from newsdesk.desk.sources import normalise_source

if TYPE_CHECKING:
    from newsdesk.core.opml import ImportReport
    from newsdesk.core.refresh import FeedOutcome, RefreshReport
    from newsdesk.desk.records import AddResult, FeedRow, RemoveResult, Undone


class FeedNotAddedError(NewsdeskError):
    """The first fetch of a new subscription failed; nothing was added."""

    title = "Feed not added"


class FeedUseCases(DeskBase):
    _refresh_lock: asyncio.Lock | None = None

    # subscribing --------------------------------------------------------------------------
    async def add_feed(
        self,
        text: str,
        tags: Sequence[str] = (),
        *,
        fetch: bool = True,
        title: str = "",
        full_text: bool = False,
    ) -> AddResult:
        """Subscribe to what the user typed and fetch it once.

        A failed first fetch adds nothing (FeedNotAddedError says why), unless `fetch` is
        False: then the feed is kept for the next refresh. `full_text` marks the feed before
        that fetch, so its items come with their full articles (desk.fulltext)."""
        from newsdesk.desk.records import AddResult

        url = normalise_source(text)
        existing = self.store.feed_by_url(url)
        if existing is not None:
            if fetch and existing.last_fetched is None and not existing.disabled:
                # subscribed by an add that never finished (the open desk quit during it):
                # "run it again" now fetches it rather than leave it empty till a refresh
                return await self._first_fetch(existing)
            return AddResult(existing, "exists")
        clean_tags = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        feed = self.store.add_feed(url, title=title, tags=clean_tags)
        if feed.url != url:  # subscribed through this page before; it led to `feed.url`
            return AddResult(feed, "exists")
        if full_text:
            feed = self.store.update_feed(feed.id, full_text=True)
        if not fetch:
            return AddResult(feed, "not_fetched")
        report = await self.refresh([feed.id], force=True)
        outcome = report.outcomes[0] if report.outcomes else None
        if outcome is None or outcome.status == "failed":
            self.store.remove_feed(feed.id)
            if outcome is not None and outcome.duplicate_of:
                there = self.store.feed_by_url(outcome.duplicate_of)
                if there is not None:  # the page leads to a feed subscribed already
                    return AddResult(there, "exists")
            why = (
                (outcome.error or "unknown error") if outcome else "the feed was removed meanwhile"
            )
            raise FeedNotAddedError(
                f"{url}: {why}. Nothing was added (`newsdesk add --no-fetch` subscribes anyway)."
            )
        added = self.store.feed(feed.id) or feed
        found = added.url if added.url != url else None
        return AddResult(added, "added", outcome.new, found)

    async def _first_fetch(self, feed: Feed) -> AddResult:
        from newsdesk.desk.records import AddResult

        report = await self.refresh([feed.id], force=True)
        outcome = report.outcomes[0] if report.outcomes else None
        now = self.store.feed(feed.id) or feed
        if outcome is None or outcome.status == "failed":
            why = outcome.error if outcome is not None and outcome.error else "not fetched"
            return AddResult(now, "exists", first_fetch=f"its first fetch failed: {why}")
        got = plural(outcome.new, "article")
        return AddResult(now, "exists", outcome.new, first_fetch=f"fetched now: {got}")

    def find_feed(self, wanted: str) -> Feed | None:
        """A feed by id, by URL, or by the spelling `add` accepted (a path, host/path)."""
        wanted = wanted.strip()
        feed = self.store.feed(wanted) or self.store.feed_by_url(wanted)
        if feed is None:
            try:
                feed = self.store.feed_by_url(normalise_source(wanted))
            except NewsdeskError:
                feed = None
        return feed

    def kept_on_removal(self, feed_id: str) -> int:
        return len(self.store.kept_on_removal(feed_id))

    def remove_feed(self, feed_id: str) -> RemoveResult:
        """Unsubscribe; starred, tagged and annotated articles stay. Undoable this session."""
        from newsdesk.desk.records import RemoveResult

        feed = self.require_feed(feed_id)
        columns = self.store.article_columns()
        articles = list(map(columns.article, rows_of_feeds(columns, [feed.id])))
        kept_ids = set(self.store.kept_on_removal(feed.id))
        bodies = {a.id: (self.store.body(a.id), self.store.summary(a.id)) for a in articles}
        self.store.remove_feed(feed.id)

        def restore() -> Undone:
            from newsdesk.core.ports import ArticleInput
            from newsdesk.desk.records import Undone

            again = self.store.add_feed(feed.url, title=feed.title, tags=feed.tags)
            gone = [a for a in articles if a.id not in kept_ids]
            self.store.upsert_articles(
                again.id,
                [
                    ArticleInput(
                        guid=a.guid,
                        title=a.title,
                        link=a.link,
                        author=a.author,
                        published=a.published,
                        updated=a.updated,
                        summary=bodies[a.id][1],
                        body=bodies[a.id][0],
                    )
                    for a in gone
                ],
            )
            by_guid = {a.guid: a for a in gone}
            restored = list(map(columns.article, rows_of_feeds(columns, [again.id])))
            self.store.set_read([a.id for a in restored if by_guid.get(a.guid, a).read], True)
            return Undone(f"Restored {feed.display_title}", tuple(a.id for a in restored))

        self.remember_undo(f"remove {feed.display_title}", restore)
        return RemoveResult(feed, len(articles) - len(kept_ids), len(kept_ids))

    # refreshing ---------------------------------------------------------------------------
    async def refresh(
        self,
        feed_ids: Sequence[str] | None = None,
        *,
        force: bool = False,
        on_outcome: Callable[[FeedOutcome], None] | None = None,
        on_start: Callable[[int], None] | None = None,
        **options: Any,
    ) -> RefreshReport:
        """Refresh these feeds (every enabled feed when None); waits for a refresh already
        running on this desk. Feeds removed meanwhile are left out of the report."""
        from newsdesk.core.refresh import refresh_feeds  # httpx and parsers: not at start-up

        if self._refresh_lock is None:
            self._refresh_lock = asyncio.Lock()
        async with self._refresh_lock:
            if feed_ids is None:
                feeds = [f for f in self.store.feeds() if not f.disabled]
            else:
                feeds = [f for f in map(self.store.feed, feed_ids) if f is not None]
            if on_start is not None:
                on_start(len(feeds))
            merged = {**self.config.refresh_options(), **options}
            return await refresh_feeds(
                self.store, feeds, force=force, on_outcome=on_outcome, **merged
            )

    @property
    def refreshing(self) -> bool:
        return self._refresh_lock is not None and self._refresh_lock.locked()

    # listing ------------------------------------------------------------------------------
    def feed_rows(self) -> list[FeedRow]:
        from newsdesk.desk.records import FeedRow

        unread = unread_by_feed(self.store.article_columns())
        return [
            FeedRow(
                f.id,
                f.title,
                f.url,
                unread[f.id],
                "disabled" if f.disabled else f.last_status,
                f.error,
                list(f.tags),
            )
            for f in self.store.feeds()
        ]

    # OPML and the sample desk ---------------------------------------------------------------
    def import_opml(self, source: bytes | str | Path, name: str | None = None) -> ImportReport:
        """Subscribe to an OPML file's feeds (not fetched: `refresh` does that)."""
        from newsdesk.core.opml import import_opml

        return import_opml(self.store, source, name)

    def export_opml(self) -> bytes:
        from newsdesk.core.opml import export_opml

        return export_opml(self.store.feeds())

    def load_sample(self, files: list[Path] | None = None) -> int:
        """Subscribe to the bundled sample feeds (offline); returns how many."""
        from newsdesk.core.sample import load_sample_desk

        return len(load_sample_desk(self.store, files))
