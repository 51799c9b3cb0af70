"""Provides DeskScreen: feed list | article list over reader | notes sidebar.

The screen owns the view state (which feed, which article) and is the one place that calls
the store; widgets get data passed down and post messages up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from newsdesk.core.models import Article
from newsdesk.core.refresh import FeedOutcome, refresh_feeds
from newsdesk.core.render import render_article
from newsdesk.core.sample import load_sample_desk
from newsdesk.store.base import Store
from newsdesk.ui.safe import safe_text
from newsdesk.ui.screens.add_feed import AddFeedModal, FeedRequest
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedEntry, FeedList
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import ArticleReader

WELCOME = (
    "Welcome to newsdesk\n\n"
    "Your desk has no feeds yet. To start:\n\n"
    "  a   add a feed (an http(s) URL or a local file)\n"
    "  i   import an OPML file from another reader (newsdesk import FILE.opml)\n"
    "  S   load the sample desk: four feeds, offline\n\n"
    "Then: tab moves between panes, j/k move, enter opens, ? lists every key."
)


class DeskScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "add_feed", "Add feed", id="feed.add"),
        Binding("R", "refresh_all", "Refresh all", id="feed.refresh_all"),
        Binding("S", "load_sample", "Load sample desk", show=False, id="desk.sample"),
        Binding("i", "import_opml", "Import OPML", show=False, id="feed.import"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(id="desk-screen")
        self.store = store
        self.by_id: dict[str, Article] = {}
        self.order: list[str] = []
        self.unread_by_feed: Counter[str] = Counter()
        self.open_id: str | None = None

    @property
    def clock(self) -> Callable:  # type: ignore[type-arg]
        return self.app.clock  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Horizontal(id="desk"):
            yield FeedList(id="feed-list")
            with Vertical(id="centre"):
                yield ArticleList(self.feed_title, self.clock, id="article-list")
                yield ArticleReader(id="reader")
            yield NotesSidebar(id="notes")
        yield Static(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#feed-list").border_title = "Feeds"
        self.query_one("#article-list").border_title = "Articles"
        self.query_one("#reader").border_title = "Reader"
        self.query_one("#notes").border_title = "Notes"
        self.reload()
        self.query_one(ArticleList).focus()

    # data -----------------------------------------------------------------------------------
    def feed_title(self, feed_id: str) -> str:
        feed = self.store.feed(feed_id)
        return feed.display_title if feed else ""

    def reload(self) -> None:
        """Read the index from the store again (after refresh, add, remove)."""
        articles = sorted(self.store.articles(), key=lambda a: a.published, reverse=True)
        self.by_id = {a.id: a for a in articles}
        self.order = [a.id for a in articles]
        self.unread_by_feed = Counter(a.feed_id for a in articles if not a.read)
        self.refresh_feed_list()
        self.show_entry(keep_article=True)
        if not self.store.feeds():
            self.query_one(ArticleReader).show_message(Text(WELCOME))

    def refresh_feed_list(self) -> None:
        feeds = self.store.feeds()
        total_unread = sum(self.unread_by_feed.values())
        starred = sum(1 for a in self.by_id.values() if a.starred)
        entries = [
            FeedEntry("all", "", "All articles", total_unread),
            FeedEntry("unread", "", "Unread", total_unread),
            FeedEntry("starred", "", "Starred", starred),
        ]
        entries += [
            FeedEntry("feed", f.id, f.display_title, self.unread_by_feed.get(f.id, 0), f.failed)
            for f in feeds
        ]
        self.query_one(FeedList).set_entries(entries)

    def entry_articles(self, entry: FeedEntry | None) -> list[Article]:
        articles = (self.by_id[i] for i in self.order)
        if entry is None or entry.kind == "all":
            return list(articles)
        if entry.kind == "unread":
            return [a for a in articles if not a.read]
        if entry.kind == "starred":
            return [a for a in articles if a.starred]
        if entry.kind == "tag":
            return [a for a in articles if entry.key in a.tags]
        return [a for a in articles if a.feed_id == entry.key]

    def show_entry(self, keep_article: bool = False) -> None:
        entry = self.query_one(FeedList).current
        article_list = self.query_one(ArticleList)
        keep = article_list.current.id if keep_article and article_list.current else None
        article_list.set_articles(self.entry_articles(entry), keep_id=keep)
        self.show_feed_status(entry)

    def show_feed_status(self, entry: FeedEntry | None) -> None:
        status = self.query_one("#status-line", Static)
        feed = self.store.feed(entry.key) if entry and entry.kind == "feed" else None
        if feed is not None and feed.failed and feed.error:
            status.update(safe_text(f"! {feed.display_title}: {feed.error}"))
            status.add_class("error")
        else:
            status.update("")
            status.remove_class("error")

    # messages from widgets ----------------------------------------------------------------------
    def on_virtual_list_highlighted(self, event: FeedList.Highlighted) -> None:
        if isinstance(event.list, FeedList) and not isinstance(event, FeedList.Selected):
            self.show_entry()

    def on_virtual_list_selected(self, event: ArticleList.Selected) -> None:
        if isinstance(event.list, ArticleList):
            article = event.list.current
            if article is not None:
                self.open_article(article.id)
        elif isinstance(event.list, FeedList):
            self.query_one(ArticleList).focus()

    # actions ------------------------------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        article = self.by_id.get(article_id) or self.store.article(article_id)
        if article is None:
            return
        self.open_id = article_id
        feed = self.store.feed(article.feed_id)
        rendered = render_article(self.store.body(article_id), article.link)
        self.query_one(ArticleReader).show_article(article, feed, rendered)
        self.query_one(NotesSidebar).show(
            self.store.highlights(article_id), self.store.notes(article_id), article_open=True
        )
        if not article.read:
            self.set_read(article, True)

    def set_read(self, article: Article, read: bool) -> None:
        self.store.set_read([article.id], read)
        updated = self.store.article(article.id)
        if updated is None:
            return
        self.by_id[article.id] = updated
        self.unread_by_feed[article.feed_id] += -1 if read else 1
        self.query_one(ArticleList).replace(updated)
        self.refresh_feed_list()

    def action_add_feed(self) -> None:
        self.app.push_screen(AddFeedModal(), self._feed_requested)

    def _feed_requested(self, request: FeedRequest | None) -> None:
        if request is None:
            return
        existing = self.store.feed_by_url(request.url)
        if existing is not None:
            self.notify(f"Already subscribed: {existing.display_title}", markup=False)
            return
        feed = self.store.add_feed(request.url, tags=request.tags)
        self.reload()
        self.run_refresh([feed.id], f"Added {request.url}")

    def action_refresh_all(self) -> None:
        self.run_refresh([f.id for f in self.store.feeds()], "Refreshed")

    def action_load_sample(self) -> None:
        outcomes = load_sample_desk(self.store)
        self.reload()
        self.notify(f"Loaded the sample desk: {len(outcomes)} feeds.")

    def action_import_opml(self) -> None:
        self.notify("Import OPML from the shell for now: newsdesk import FILE.opml",
                    markup=False)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def run_refresh(self, feed_ids: list[str], verb: str) -> None:
        feeds = [f for f in map(self.store.feed, feed_ids) if f is not None]
        if not feeds:
            return
        status = self.query_one("#status-line", Static)
        done = 0

        def progress(outcome: FeedOutcome) -> None:
            nonlocal done
            done += 1
            status.update(Text(f"Refreshing {done}/{len(feeds)} feeds…"))

        status.update(Text(f"Refreshing 0/{len(feeds)} feeds…"))
        report = await refresh_feeds(self.store, feeds, on_outcome=progress)
        status.update("")
        self.reload()
        failed = [o for o in report.outcomes if o.status == "failed"]
        if len(feeds) == 1 and failed:
            self.notify(f"{verb}, but it failed: {failed[0].error}", severity="error",
                        markup=False)
        else:
            self.notify(report.summary(), title=verb, markup=False,
                        severity="warning" if failed else "information")
