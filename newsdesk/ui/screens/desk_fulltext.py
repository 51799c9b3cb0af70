"""Provides FullTextActions: `F` fetches the open article's full text (or switches texts),
`E` edits a feed's settings; refreshes show the progress of their full-text fetches.

The fetch runs in a worker: the page is read over the network and extracted in a thread,
so every key keeps working meanwhile; the article is shown in full when its text arrives
(if it is still the open one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from newsdesk.core.wording import plural

if TYPE_CHECKING:
    from newsdesk.desk.records import FullTextResult
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
    from newsdesk.ui.screens.feed_settings import FeedSettings
else:
    _Host = object


class FullTextActions(_Host):
    _full_text_pending: set[str] | None = None

    def action_full_text(self) -> None:
        article = self.target_article()
        if article is None:
            self.notify("Open an article first (enter).", timeout=3)
            return
        if article.has_full:
            shown = self.desk.toggle_version(article.id)
            if self.open_id == article.id:
                self.reshow_open()
            self.say("Showing the full article." if shown == "full" else "Showing the feed text.")
            return
        if not article.link.startswith(("http://", "https://")):
            self.notify("This article has no web address to fetch.", severity="warning")
            return
        if self._full_text_pending is None:
            self._full_text_pending = set()
        if article.id in self._full_text_pending:
            self.say("Already fetching this article's full text…")
            return
        self._full_text_pending.add(article.id)
        self.fetch_full_text(article.id)

    @work(group="fulltext", exit_on_error=False)
    async def fetch_full_text(self, article_id: str) -> None:
        """Fetch one article's page in the background; shown in full when it arrives."""
        # the status line says it; an indeterminate bar would repaint every frame meanwhile
        self.say("Fetching the full article…")
        try:
            report = await self.desk.fetch_full_text([article_id])
        finally:
            if self._full_text_pending is not None:
                self._full_text_pending.discard(article_id)
        result = report.results[0]
        if result.status == "failed":
            self.notify(
                f"Could not fetch the full article: {result.error}. The feed's text stays.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            self.say("")
            return
        if self.open_id == article_id:
            self.reshow_open()
        self.update_articles([article_id])
        self.say("Showing the full article: F switches back to the feed text.")

    def reshow_open(self) -> None:
        """Show the open article again, in the version the desk now shows, near the
        same place."""
        from newsdesk.ui.widgets.reader import ArticleReader

        if self.open_id is None or self.desk.article(self.open_id) is None:
            return
        opened = self.desk.open_article(self.open_id, mark_read=False)
        self.open_rendered = opened.rendered
        self.show_opened(opened)
        self.query_one(ArticleReader).focus()

    # progress of the full-text fetch after a refresh -------------------------------------
    def full_text_started(self, total: int) -> None:
        self.refresh_started(total, "")
        self.say(f"Fetching {plural(total, 'full article')}…")

    def full_text_progress(self, _done: int, _total: int, _result: FullTextResult) -> None:
        self.progress_bar().advance(1)

    # feed settings -------------------------------------------------------------------------
    def action_feed_settings(self) -> None:
        feed = self.selected_feed()
        if feed is None:
            self.notify("Select a feed to edit its settings.", timeout=3)
            return

        def chosen(settings: FeedSettings | None) -> None:
            if settings is None:
                return
            self.desk.update_feed_settings(
                feed.id, title=settings.title, tags=settings.tags, full_text=settings.full_text
            )
            self.reload()
            note = ""
            if settings.full_text and not feed.full_text:
                note = " New items come with their full article; F fetches one now."
            self.notify(f"Saved the settings of {feed.url}.{note}", markup=False, timeout=5)

        from newsdesk.ui.screens.feed_settings import FeedSettingsModal

        self.app.push_screen(
            FeedSettingsModal(feed, self.desk.config.feed_full_text(feed.url)), chosen
        )
