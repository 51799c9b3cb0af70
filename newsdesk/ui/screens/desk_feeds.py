"""Provides FeedActions: adding, removing, refreshing and importing feeds, in workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import ProgressBar, Static

from newsdesk.ui.screens.add_feed import AddFeedModal, FeedRequest
from newsdesk.ui.screens.modals import ConfirmModal, PromptModal
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList


class FeedActions:
    FEED_BINDINGS = [
        Binding("a", "add_feed", "Add feed", id="feed.add"),
        Binding("d", "remove_feed", "Remove feed", show=False, id="feed.remove"),
        Binding("r", "refresh_feed", "Refresh feed", show=False, id="feed.refresh"),
        Binding("R", "refresh_all", "Refresh all", id="feed.refresh_all"),
        Binding("i", "import_opml", "Import OPML", show=False, id="feed.import"),
        Binding("S", "load_sample", "Load sample desk", show=False, id="desk.sample"),
    ]

    def selected_feed(self: Any):  # type: ignore[no-untyped-def]
        entry = self.query_one(FeedList).current
        if entry is not None and entry.kind == "feed":
            return self.store.feed(entry.key)
        article = self.query_one(ArticleList).current
        return self.store.feed(article.feed_id) if article else None

    def action_add_feed(self: Any) -> None:
        self.app.push_screen(AddFeedModal(), self._feed_requested)

    def _feed_requested(self: Any, request: FeedRequest | None) -> None:
        if request is None:
            return
        existing = self.store.feed_by_url(request.url)
        if existing is not None:
            self.notify(f"Already subscribed: {existing.display_title}", markup=False)
            return
        feed = self.store.add_feed(request.url, tags=request.tags)
        self.reload()
        self.run_refresh([feed.id], f"Added {request.url}")

    def action_remove_feed(self: Any) -> None:
        entry = self.query_one(FeedList).current
        feed = self.store.feed(entry.key) if entry and entry.kind == "feed" else None
        if feed is None:
            self.notify("Select a feed in the feed list to remove it.", timeout=3)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.remove_feed(feed.id)
                self.reload()
                self.notify(f"Removed {feed.display_title}", markup=False)

        kept = len(self.store.kept_on_removal(feed.id))
        note = f" {kept} starred, tagged or annotated articles stay." if kept else ""
        self.app.push_screen(
            ConfirmModal(f"Remove {feed.display_title} and its articles?{note}"), confirmed
        )

    def action_refresh_feed(self: Any) -> None:
        feed = self.selected_feed()
        if feed is None:
            self.notify("No feed selected.", timeout=3)
            return
        self.run_refresh([feed.id], f"Refreshed {feed.display_title}")

    def action_refresh_all(self: Any) -> None:
        self.run_refresh([f.id for f in self.store.feeds()], "Refreshed")

    def action_load_sample(self: Any) -> None:
        from newsdesk.core.sample import load_sample_desk

        outcomes = load_sample_desk(self.store)
        self.reload()
        self.notify(f"Loaded the sample desk: {len(outcomes)} feeds.")

    def action_import_opml(self: Any) -> None:
        self.app.push_screen(
            PromptModal("Import an OPML file", placeholder="~/Downloads/subscriptions.opml"),
            self._import_path,
        )

    def _import_path(self: Any, value: str | None) -> None:
        if not value or not value.strip():
            return
        from newsdesk.core.errors import NewsdeskError
        from newsdesk.core.opml import import_opml

        path = Path(value.strip()).expanduser()
        try:
            report = import_opml(self.store, path)
        except (NewsdeskError, OSError) as error:
            self.notify(str(error), title="Import failed", severity="error", markup=False)
            return
        self.reload()
        self.notify(report.summary(), title="Imported", markup=False)
        added = [self.store.feed_by_url(url) for url in report.added]
        ids = [f.id for f in added if f is not None]
        if ids:
            self.run_refresh(ids, "Fetched imported feeds")

    def action_export_opml(self: Any) -> None:
        from newsdesk.core.opml import export_opml

        self.export_to_prompted_path(
            "Export subscriptions as OPML",
            "~/newsdesk-subscriptions.opml",
            lambda _path: export_opml(self.store.feeds()),
            f"Exported {len(self.store.feeds())} feeds",
        )

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def run_refresh(self: Any, feed_ids: list[str], verb: str) -> None:
        from newsdesk.core.refresh import refresh_feeds  # httpx and parsers: not at start-up

        feeds = [f for f in map(self.store.feed, feed_ids) if f is not None]
        if not feeds:
            self.notify("No feeds to refresh.", timeout=3)
            return
        status = self.query_one("#status-line", Static)
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=len(feeds), progress=0)
        bar.display = True
        status.update(Text(f"Refreshing {len(feeds)} feeds…"), layout=False)

        def progress(outcome: object) -> None:
            bar.advance(1)

        try:
            report = await refresh_feeds(
                self.store, feeds, on_outcome=progress, **self.config.refresh_options()
            )
        finally:
            bar.display = False
            status.update("", layout=False)
        self.reload()
        failed = [o for o in report.outcomes if o.status == "failed"]
        if len(feeds) == 1 and failed:
            self.notify(
                f"{verb}, but it failed: {failed[0].error}",
                severity="error",
                markup=False,
                timeout=8,
            )
        else:
            self.notify(
                report.summary(),
                title=verb,
                markup=False,
                severity="warning" if failed else "information",
            )
