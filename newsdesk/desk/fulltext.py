"""Provides FullTextUseCases: fetching the full article of summary-only items, and switching.

Both texts are kept: the feed's (refreshes keep updating it) and the full article fetched
from the item's page. The reader shows the one shown last (`Article.show_full`); highlights
re-anchor by quote and context onto whichever is shown. An article that has its full text
is never fetched again, and one being fetched is not fetched twice at once. Feeds marked
`full_text` (or matched by the config's `[feeds."glob"] full_text = true`) get the full
article of every new item after each refresh.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core.columns import HAS_FULL, rows_of_feeds
from newsdesk.core.models import Feed, TextVersion
from newsdesk.core.ports import KEEP, Keep
from newsdesk.core.wording import plural
from newsdesk.desk.feeds import FeedUseCases
from newsdesk.desk.reading import ReadingUseCases

if TYPE_CHECKING:
    from newsdesk.core.refresh import RefreshReport
    from newsdesk.desk.records import FullTextReport, FullTextResult

FullProgress = Callable[[int, int, "FullTextResult"], None]
OFFLINE_ONLY = "The sample desk stays offline: only its summary-only feed's pages ship with it"


class FullTextUseCases(FeedUseCases, ReadingUseCases):
    local_pages: Mapping[str, Path] | None = None
    """Addresses read from local files instead of the network (the offline demo's pages)."""
    _fetching: set[str] | None = None
    last_full_text: FullTextReport | None = None
    """The automatic fetch after the last refresh (None: it fetched nothing)."""
    extract_processes: int = 0
    """Extract pages in this many worker processes (started on the first fetch, ended with
    the desk) instead of threads: the open desk sets 1, so extraction shares no GIL with
    its keys. Commands leave it at 0 (a thread: no process start-up to pay)."""
    _extract_pool: Executor | None = None

    def _extractor(self) -> Executor | None:
        if self.extract_processes and self._extract_pool is None:
            import multiprocessing
            import os
            from concurrent.futures import ProcessPoolExecutor

            from newsdesk.core.workers import init_worker, start_workers_quietly

            start_workers_quietly()
            self._extract_pool = ProcessPoolExecutor(
                max_workers=self.extract_processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,  # it dies with the desk and holds no terminal
                initargs=(os.getpid(),),
            )
        return self._extract_pool

    def _prepare_extraction(self) -> None:
        import newsdesk.core.pagefetch  # noqa: F401  (loaded here, off the event loop)

        pool = self._extractor()
        if pool is not None:
            pool.submit(int)  # a pool starts its worker on its first task: here, not later

    def close(self) -> None:
        if self._extract_pool is not None:
            self._extract_pool.shutdown(wait=False, cancel_futures=True)
            self._extract_pool = None
        super().close()

    # fetching -----------------------------------------------------------------------------
    async def fetch_full_text(
        self, article_ids: Sequence[str], *, progress: FullProgress | None = None
    ) -> FullTextReport:
        """Fetch and keep the full article of each; one result per id, in order.

        An article that has it already is not fetched again; a failure keeps the feed's
        text and says why. A fetched article is shown in full from then on."""
        from newsdesk.desk.records import FullTextReport, FullTextResult

        if "newsdesk.core.pagefetch" not in sys.modules or (
            self.extract_processes and self._extract_pool is None
        ):
            # the first fetch imports the page fetcher and starts the worker: tens of ms
            # that a key pressed meanwhile would otherwise wait for
            await asyncio.to_thread(self._prepare_extraction)
        from newsdesk.core.pagefetch import PageRequest, PageResult, extract_pages

        if self._fetching is None:
            self._fetching = set()
        results: dict[str, FullTextResult] = {}
        wanted: list[tuple[str, PageRequest]] = []
        for article_id in dict.fromkeys(article_ids):
            article = self.store.article(article_id)
            if article is None:
                results[article_id] = FullTextResult(article_id, "", "failed", "No such article")
            elif article.has_full:
                results[article_id] = FullTextResult(article_id, article.link, "has_full")
            elif not article.link.startswith(("http://", "https://")):
                results[article_id] = FullTextResult(
                    article_id, article.link, "failed", "The article has no web address"
                )
            elif self.local_pages is not None and article.link not in self.local_pages:
                results[article_id] = FullTextResult(
                    article_id, article.link, "failed", OFFLINE_ONLY
                )  # the sample desk promises never to touch the network
            elif article_id in self._fetching:
                results[article_id] = FullTextResult(
                    article_id, article.link, "failed", "Already being fetched"
                )
            else:
                hint = self.store.summary(article_id) or self.store.body(article_id)
                wanted.append((article_id, PageRequest(article.link, article.title, hint)))
        total = len(results) + len(wanted)
        done = 0
        for result in results.values():
            done += 1
            if progress is not None:
                progress(done, total, result)

        ids = [article_id for article_id, _ in wanted]

        def page_done(_done: int, _total: int, page: PageResult) -> None:

            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, _as_result("", page))

        self._fetching.update(ids)
        try:
            pages = await extract_pages(
                [request for _, request in wanted],
                local_pages=self.local_pages,
                progress=page_done if progress is not None else None,
                executor=self._extractor(),
            )
        finally:
            self._fetching.difference_update(ids)
        now = datetime.now(UTC)
        for article_id, page in zip(ids, pages, strict=True):
            result = _as_result(article_id, page)
            if page.article is not None:
                if self.store.article(article_id) is None:  # removed meanwhile
                    result = FullTextResult(article_id, page.url, "failed", "Removed meanwhile")
                else:
                    self.store.set_full_text(
                        article_id, page.article.html, extractor=page.article.extractor, fetched=now
                    )
                    self.store.set_show_full(article_id, True)
            results[article_id] = result
        return FullTextReport([results[i] for i in dict.fromkeys(article_ids)])

    def lacking_full_text(self, feed_id: str | None = None, limit: int | None = None) -> list[str]:
        """Articles (of one feed, or all) with a web address and no full text, newest first."""
        found = [
            a
            for a in self.store.articles()
            if not a.has_full
            and a.link.startswith(("http://", "https://"))
            and (feed_id is None or a.feed_id == feed_id)
        ]
        found.sort(key=lambda a: a.published, reverse=True)
        return [a.id for a in found[:limit]]

    # switching ----------------------------------------------------------------------------
    def toggle_version(self, article_id: str) -> TextVersion:
        """Show the other text of an article that has both; returns the one now shown."""
        from newsdesk.core.errors import NotFoundError

        article = self.require_article(article_id)
        if not article.has_full:
            raise NotFoundError("This article has no full text yet: F fetches it.")
        self.store.set_show_full(article_id, not article.show_full)
        return "feed" if article.show_full else "full"

    def looks_like_summary(self, article_id: str) -> bool:
        """Whether the article's feed text reads like a teaser of a longer page."""
        from newsdesk.core.summary import looks_like_summary

        article = self.require_article(article_id)
        return looks_like_summary(self.render(article, "feed").text)

    # the per-feed setting -----------------------------------------------------------------
    def wants_full_text(self, feed: Feed) -> bool:
        """The feed's own switch, else the config's `[feeds."glob"] full_text`."""
        return feed.full_text or self.config.feed_full_text(feed.url)

    def update_feed_settings(
        self,
        feed_id: str,
        *,
        title: str | Keep = KEEP,
        tags: Sequence[str] | Keep = KEEP,
        full_text: bool | Keep = KEEP,
    ) -> Feed:
        """Change a feed's title, tags (trimmed, repeats dropped) or full-text switch."""
        self.require_feed(feed_id)
        clean: Sequence[str] | Keep = KEEP
        if not isinstance(tags, Keep):
            clean = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        title_value = title.strip() if isinstance(title, str) else title
        return self.store.update_feed(feed_id, title=title_value, tags=clean, full_text=full_text)

    # automatic fetch after a refresh ---------------------------------------------------------
    async def refresh(
        self,
        feed_ids: Sequence[str] | None = None,
        *,
        on_full_text: FullProgress | None = None,
        on_full_text_start: Callable[[int], None] | None = None,
        **options: Any,
    ) -> RefreshReport:
        """FeedUseCases.refresh, then the full article of each new item of a full-text feed
        (`on_full_text_start(total)` and `on_full_text(done, total, result)` follow it)."""
        before = set(self._ids_of_full_text_feeds(feed_ids))
        report = await super().refresh(feed_ids, **options)
        new = [i for i in self._ids_of_full_text_feeds(feed_ids) if i not in before]
        self.last_full_text = None
        if new:
            if on_full_text_start is not None:
                on_full_text_start(len(new))
            self.last_full_text = await self.fetch_full_text(new, progress=on_full_text)
        return report

    def _ids_of_full_text_feeds(self, feed_ids: Sequence[str] | None) -> list[str]:
        marked = {
            f.id
            for f in self.store.feeds()
            if (feed_ids is None or f.id in feed_ids) and self.wants_full_text(f)
        }
        if not marked:
            return []
        columns = self.store.article_columns()
        rows = rows_of_feeds(columns, marked)
        return [columns.id_at(r) for r in rows if not columns.flags[r] & HAS_FULL]


def _as_result(article_id: str, page: Any) -> FullTextResult:
    from newsdesk.desk.records import FullTextResult

    if page.article is not None:
        return FullTextResult(article_id, page.url, "fetched", extractor=page.article.extractor)
    return FullTextResult(article_id, page.url, "failed", page.error or "Nothing extracted")


def describe(report: FullTextReport) -> str:
    """One line for a status bar: how many came, how many failed (and the first reason)."""
    failed = [r for r in report.results if r.status == "failed"]
    fetched = report.count("fetched")
    line = f"Fetched {plural(fetched, 'full article')}"
    if failed:
        line += f"; {len(failed)} failed ({failed[0].error})"
    return line
