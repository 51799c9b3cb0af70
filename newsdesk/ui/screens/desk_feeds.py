"""Provides FeedActions: adding, removing, refreshing and importing feeds, in workers.

Refreshes queue behind each other in the desk layer: `r` or `a` pressed during `R` waits
for it instead of cancelling it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.widgets import Static

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.models import Feed
from newsdesk.core.wording import plural
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList

if TYPE_CHECKING:  # the modals load when they open: none is on the way to the first frame
    from textual.widgets import ProgressBar

    from newsdesk.core.refresh import FeedOutcome
    from newsdesk.ui.screens.add_feed import FeedRequest
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object


class FeedActions(_Host):
    FEED_BINDINGS: list[BindingType] = [
        Binding("a", "add_feed", "Add feed", id="feed.add"),
        Binding("d", "remove_feed", "Remove feed", show=False, id="feed.remove"),
        Binding("r", "refresh_feed", "Refresh feed", show=False, id="feed.refresh"),
        Binding("R", "refresh_all", "Refresh all", id="feed.refresh_all"),
        Binding("i", "import_opml", "Import OPML", show=False, id="feed.import"),
        Binding(
            "E",
            "feed_settings",
            "Feed settings: title, tags, full text",
            show=False,
            id="feed.settings",
        ),
        Binding("S", "load_sample", "Load sample desk", show=False, id="desk.sample"),
    ]

    def selected_feed(self) -> Feed | None:
        entry = self.query_one(FeedList).current
        if entry is not None and entry.kind == "feed":
            return self.desk.feed(entry.key)
        article = self.query_one(ArticleList).current
        return self.desk.feed(article.feed_id) if article else None

    def action_add_feed(self) -> None:
        from newsdesk.ui.screens.add_feed import AddFeedModal

        self.app.push_screen(AddFeedModal(), self._feed_requested)

    def _feed_requested(self, request: FeedRequest | None) -> None:
        if request is not None:
            self.add_feed(request)

    @work(group="feeds", exit_on_error=False)
    async def add_feed(self, request: FeedRequest) -> None:
        """The same use case as `newsdesk add`: a failed first fetch adds nothing."""
        self.say(f"Adding {request.url}…")
        try:
            result = await self.desk.add_feed(
                request.url, request.tags, full_text=request.full_text
            )
        except NewsdeskError as error:
            self.app.notify(error.message, title=error.title, severity="error", markup=False)
            self.say("")
            return
        self.reload()
        self.say("")
        self.notify(result.message(), markup=False)

    def action_remove_feed(self) -> None:
        entry = self.query_one(FeedList).current
        feed = self.desk.feed(entry.key) if entry and entry.kind == "feed" else None
        if feed is None:
            self.notify("Select a feed in the feed list to remove it.", timeout=3)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                result = self.desk.remove_feed(feed.id)
                self.reload()
                self.notify(f"{result.message()}. ctrl+z brings it back.", markup=False)

        kept = self.desk.kept_on_removal(feed.id)
        note = f" {kept} starred, tagged or annotated articles stay." if kept else ""
        from newsdesk.ui.screens.modals import ConfirmModal

        self.app.push_screen(
            ConfirmModal(f"Remove {feed.display_title} and its articles?{note}"), confirmed
        )

    # progress: the screen's own refreshes and those handed over by `newsdesk refresh` ------
    def progress_bar(self) -> ProgressBar:
        """The status bar's progress bar (hidden until shown), mounted on first use: three
        widgets less to style and lay out before the first frame (and its module, ~1 ms,
        less to import)."""
        from textual.widgets import ProgressBar

        try:
            return self.query_one("#progress", ProgressBar)
        except NoMatches:
            bar = ProgressBar(id="progress", show_eta=False)
            bar.display = False
            self.query_one("#status-bar").mount(bar)
            return bar

    def hide_progress(self) -> None:
        for bar in self.query("#progress"):
            bar.display = False

    def refresh_started(self, total: int, source: str = "") -> None:
        bar = self.progress_bar()
        bar.update(total=total, progress=0)
        bar.display = True
        status = self.query_one("#status-line", Static)
        status.update(Text(f"Refreshing {plural(total, 'feed')}{source}…"), layout=False)

    def refresh_progress(self, outcome: FeedOutcome) -> None:
        self.progress_bar().advance(1)

    def refresh_finished(self) -> None:
        self.hide_progress()
        self.query_one("#status-line", Static).update("", layout=False)

    def command_done(self, command: str) -> None:
        """A command handed over from the command line changed the desk: show it."""
        self.reload()
        self.say(f"Done: {command} (from the command line)")

    def action_refresh_feed(self) -> None:
        feed = self.selected_feed()
        if feed is None:
            self.notify("No feed selected.", timeout=3)
            return
        self.run_refresh([feed.id], f"Refreshed {feed.display_title}")

    def action_refresh_all(self) -> None:
        self.run_refresh(None, "Refreshed")

    def action_load_sample(self) -> None:
        count = self.desk.load_sample()
        self.reload()
        self.notify(f"Loaded the sample desk: {plural(count, 'feed')}.")

    def action_import_opml(self) -> None:
        from newsdesk.ui.screens.modals import PromptModal

        self.app.push_screen(
            PromptModal("Import an OPML file", placeholder="~/Downloads/subscriptions.opml"),
            self._import_path,
        )

    def _import_path(self, value: str | None) -> None:
        if not value or not value.strip():
            return
        path = Path(value.strip()).expanduser()
        try:
            report = self.desk.import_opml(path)
        except (NewsdeskError, OSError) as error:
            self.notify(str(error), title="Import failed", severity="error", markup=False)
            return
        self.reload()
        self.notify(report.summary(), title="Imported", markup=False)
        added = [self.desk.feed_by_url(url) for url in report.added]
        ids = [f.id for f in added if f is not None]
        if ids:
            self.run_refresh(ids, "Fetched imported feeds")

    def action_export_opml(self) -> None:
        self.export_to_prompted_path(
            "Export subscriptions as OPML",
            "~/newsdesk-subscriptions.opml",
            lambda _path: self.desk.export_opml(),
            f"Exported {plural(len(self.desk.feeds()), 'feed')}",
            remember="last_opml_export",
        )

    @work(group="refresh", exit_on_error=False)
    async def run_refresh(self, feed_ids: list[str] | None, verb: str) -> None:
        """Refresh in the background; a refresh already running finishes first."""
        if self.desk.refreshing:
            self.say("Queued behind the refresh in progress…")
        try:
            report = await self.desk.refresh(
                feed_ids,
                on_outcome=self.refresh_progress,
                on_start=self.refresh_started,
                on_full_text_start=self.full_text_started,
                on_full_text=self.full_text_progress,
            )
        finally:
            self.refresh_finished()
        self.reload()
        self.reshow_if_edited()
        if not report.outcomes:
            self.notify("No feeds to refresh.", timeout=3)
            return
        failed = [o for o in report.outcomes if o.status == "failed"]
        full = self.desk.last_full_text
        if full is not None:
            from newsdesk.desk.fulltext import describe

            self.say(describe(full))
        if len(report.outcomes) == 1 and failed:
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
        self.show_notices(report.outcomes)

    def show_notices(self, outcomes: list[FeedOutcome]) -> None:
        """What a refresh wants the user to know about feeds that worked (a permanent
        move the subscription did not follow), one warning each."""
        from newsdesk.core.sanitize import clean_line

        for outcome in outcomes:
            if outcome.notice:
                feed = self.desk.feed(outcome.feed_id)
                name = clean_line(feed.display_title if feed else outcome.url, 60)
                self.notify(
                    clean_line(outcome.notice),
                    title=f"Notice: {name}",
                    severity="warning",
                    markup=False,
                    timeout=12,
                )
