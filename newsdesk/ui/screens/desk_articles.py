"""Provides ArticleActions: moving through, marking, starring, searching and opening articles."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Input

from newsdesk.core.models import Article
from newsdesk.core.sanitize import OPENABLE_SCHEMES, safe_url
from newsdesk.core.wording import plural
from newsdesk.ui.rows import RowList
from newsdesk.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from newsdesk.desk.records import Undone
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object

SEARCH_DEBOUNCE = 0.15
BULK = 2000  # changed articles from which the view takes the desk's state whole
BODY_SEARCH_FROM = 3  # characters: titles match from the first, bodies (every shard) from 3
PREPARE_FROM = 20_000  # rows: a larger desk builds its search column before the first `/`
PREPARE_AFTER = 0.2  # seconds after loading, so the build never competes with a first paint


class ArticleActions(_Host):
    ARTICLE_BINDINGS: list[BindingType] = [
        Binding("n", "next_unread(1)", "Next unread", id="article.next_unread"),
        Binding("p", "next_unread(-1)", "Prev unread", show=False, id="article.prev_unread"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="article.toggle_read"),
        Binding("s", "toggle_star", "Star", id="article.star"),
        Binding("A", "mark_all_read", "Mark list read", show=False, id="article.mark_all"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="desk.undo"),
        Binding("u", "toggle_unread_only", "Unread only", show=False, id="article.unread_only"),
        Binding("slash", "search", "Search", id="desk.search"),
        Binding("o", "open_in_browser", "Open in browser", show=False, id="article.browser"),
        Binding("l", "links", "Links", show=False, id="article.links"),
        Binding(
            "F",
            "full_text",
            "Full article: fetch it, or switch texts",
            show=False,
            id="article.fulltext",
        ),
    ]

    # the article the keys act on: the open one if the reader has focus, else the list's
    def target_article(self) -> Article | None:
        from newsdesk.ui.widgets.reader import ArticleReader

        focused = self.app.focused
        if isinstance(focused, ArticleReader | type(None)) and self.open_id:
            return self.state.listed(self.open_id)
        return self.query_one(ArticleList).current or (
            self.state.listed(self.open_id) if self.open_id else None
        )

    def action_next_unread(self, direction: int) -> None:
        article_list = self.query_one(ArticleList)
        # with nothing open, the article under the cursor is the first candidate
        current = self.open_id or (article_list.current.id if article_list.current else None)
        at = article_list.index_of(current) if current is not None else None
        found = self.state.next_unread(
            current, direction, article_list.articles, at, include_start=self.open_id is None
        )
        if found is None:
            known = self.state.listed(current) if current is not None else None
            others = self.state.unread_count() - (1 if known is not None and not known.read else 0)
            where = "below" if direction > 0 else "above"
            message = f"No unread articles {where}." if others > 0 else "No more unread articles."
            self.notify(message, timeout=3)
            return
        self.select_article(found.id)
        self.open_article(found.id)

    def update_articles(self, ids: list[str]) -> None:
        """After a store change to these articles: rows, counts and the feed list follow."""
        article_list = self.query_one(ArticleList)
        if len(ids) > BULK:  # counts made again from the columns, the rows repainted
            self.state.take_all()
            self._shown_unread = self.state.unread_in(article_list.articles)
            article_list.refresh()
        else:
            self._take_changes(ids)
        if article_list.story_heads:  # the Stories entry's rows: their ● follows
            article_list.update_story_heads(self.state.story_heads)
        self.refresh_feed_list()
        self._title_article_list()

    def _take_changes(self, ids: list[str]) -> None:
        article_list = self.query_one(ArticleList)
        was_read = {i: r for i in ids if (r := self.state.view_read(i)) is not None}
        changed = self.state.refreshed(ids)
        shown = article_list.positions([a.id for a in changed])
        for article in changed:
            at = shown.get(article.id)
            if at is not None:
                # the list's unread count follows by difference: no walk over its rows
                self._shown_unread += was_read.get(article.id, article.read) - article.read
                article_list.replace_at(at, article)

    def action_toggle_read(self) -> None:
        article = self.target_article()
        if article is not None:
            self.desk.mark_one(article.id, not article.read)
            self.update_articles([article.id])

    def action_toggle_star(self) -> None:
        article = self.target_article()
        if article is not None:
            self.desk.set_starred(article.id, not article.starred)
            self.update_articles([article.id])
            self.say("Starred." if not article.starred else "Unstarred.")

    def action_mark_all_read(self) -> None:
        article_list = self.query_one(ArticleList)
        listed = article_list.articles
        if article_list.story_heads:  # a row stands for its whole story: all its versions
            listed = [
                a
                for h in article_list.story_heads.values()
                for a in self.desk.story_articles(h.story_id)
            ]
        unread = (
            listed.unread_ids()
            if isinstance(listed, RowList)
            else [a.id for a in listed if not a.read]
        )
        if not unread:
            self.notify("Nothing unread here.", timeout=2)
            return
        changed = self.desk.mark_all_read(unread)
        self.update_articles(changed)
        self.notify(f"Marked {plural(len(changed), 'article')} read. ctrl+z undoes.", timeout=4)

    def action_undo(self) -> None:
        from newsdesk.ui.reporting import undo_last

        def show(undone: Undone) -> None:
            self.apply_undone(undone.article_ids, undone.annotations)
            if undone.stories:
                self.stories_changed()
            self.clear_said()  # "Starred.", "Highlight kind: claim" … said of what is undone

        undo_last(self, self.desk, show)

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.desk.set_setting("unread_only", self.unread_only)
        self.show_entry(keep_article=True)

    # search ----------------------------------------------------------------------------------
    def search_box(self) -> Input | None:
        """The search box if it is open. It is mounted on the first `/`, not at start-up
        (every widget composed up front costs the first paint)."""
        found = self.query("#search")
        box = found.first(Input) if found else None
        return box if box is not None and box.display else None

    def prepare_search_soon(self) -> None:
        """After loading a large desk: build the title search column in a thread (about
        0.1 s of CPU at 250,000 articles, which the first letter typed would otherwise
        wait for), and keep the view index and the column out of the cyclic GC's walks
        (gc.freeze, as after opening the desk): at 250,000 articles a full collection
        walked their million references in 60-90 ms, in the middle of a keypress."""
        if len(self.state.rows) < PREPARE_FROM:
            return
        gc.freeze()
        search = self.state.search

        def build() -> None:
            search.prepare()
            gc.freeze()

        self.set_timer(
            PREPARE_AFTER,
            lambda: self.run_worker(
                build, thread=True, group="prepare-search", exit_on_error=False
            ),
        )

    def mount_search_box(self) -> Input:
        """The search box, hidden until `/`: mounted after the first paint (every widget
        composed up front costs it), so `/` only shows it and moves the keys to it in the
        same step. Mounted by `/` itself, it took the keys a frame late: letters typed
        right after `/` ran as commands (e: export, f: feeds)."""
        found = self.query("#search")
        if found:
            return found.first(Input)
        search = Input(placeholder="search titles, bodies and notes…", id="search")
        search.display = False
        self.query_one("#list-pane").mount(search, before=self.query_one(ArticleList))
        # results follow the value as it changes, within the keypress: the box and the
        # list repaint in one frame (Input.Changed would arrive after a frame of its own)
        self.watch(search, "value", self.search_changed, init=False)
        return search

    def action_search(self) -> None:
        search = self.mount_search_box()
        search.display = True
        self.set_focus(search)  # now: keys already queued behind `/` go to the box

    def close_search(self, clear: bool) -> None:
        search = self.search_box()
        if clear and search is not None:
            search.value = ""  # the watcher (search_changed) shows the list without the query
            search.display = False
        self.query_one(ArticleList).focus()

    def search_changed(self, value: str) -> None:
        self.query_text = value.strip()
        self.query_extra = self.desk.annotation_matches(self.query_text)
        self.show_entry()
        if not self.query_text:
            self.forget_find()
        if not self.query_text and self.open_id is not None:
            # the search is over: the cursor goes back to the article being read, listed
            # again if only "unread only" hides it (one opened from the search under
            # Starred but not starred is not put among the starred)
            article = self.desk.article(self.open_id)
            if article is not None and not self.state.belongs(article, self.current_filter().entry):
                article = None
            self.query_one(ArticleList).cursor_to(self.open_id, article)
        if len(self.query_text) >= BODY_SEARCH_FROM:
            self.search_bodies(self.query_text)

    def search_submitted(self, value: str) -> None:
        self.close_search(clear=not value.strip())

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search_bodies(self, query: str) -> None:
        import asyncio

        await asyncio.sleep(SEARCH_DEBOUNCE)  # typing on: this worker is cancelled

        def typed_on() -> bool:  # asked by the thread between shards: stop a stale scan
            return query != self.query_text

        matches = await asyncio.to_thread(self.desk.search_bodies, query, typed_on)
        if typed_on():
            return
        self.query_extra = self.query_extra | frozenset(matches)
        self.show_entry(keep_article=True)

    # browser ---------------------------------------------------------------------------------
    def open_url(self, url: str) -> None:
        safe = safe_url(url, schemes=OPENABLE_SCHEMES)
        if not safe:
            self.notify("Only http and https links are opened.", severity="warning")
            return
        from newsdesk.ui.browser import open_url_in_browser

        if not open_url_in_browser(self.app, safe):
            self.notify(
                f"No web browser could be started (set $BROWSER); the address is {safe}",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        self.notify(f"Opened {safe}", timeout=3, markup=False)

    def action_open_in_browser(self) -> None:
        article = self.target_article()
        if article is None or not article.link:
            self.notify("This article has no web address.", severity="warning")
            return
        self.open_url(article.link)

    def action_links(self) -> None:
        if self.open_rendered is None:
            self.notify("Open an article first (enter).", timeout=3)
            return

        def chosen(url: str | None) -> None:
            if url:
                self.open_url(url)

        from newsdesk.ui.widgets.reader import ArticleReader

        attachments = self.query_one(ArticleReader).attachments
        from newsdesk.ui.screens.modals import LinksModal

        self.app.push_screen(LinksModal(self.open_rendered.links, attachments), chosen)
