"""Provides DeskScreen: feed list | article list over reader | notes sidebar.

The screen owns the view state and is the one place that calls the store; widgets get data
passed down and post messages up. Actions live in mixins grouped by what they act on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from newsdesk.config import Config
from newsdesk.core.wording import plural
from newsdesk.desk import Desk
from newsdesk.ui.desk_state import DeskState, Filter
from newsdesk.ui.safe import safe_text
from newsdesk.ui.screens.desk_annotations import AnnotationActions
from newsdesk.ui.screens.desk_articles import ArticleActions
from newsdesk.ui.screens.desk_claims import ClaimsActions
from newsdesk.ui.screens.desk_feeds import FeedActions
from newsdesk.ui.screens.desk_fulltext import FullTextActions
from newsdesk.ui.screens.desk_layout import LayoutActions
from newsdesk.ui.screens.desk_reader_keys import ReaderKeys
from newsdesk.ui.screens.desk_stories import StoryActions
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedEntry, FeedList
from newsdesk.ui.widgets.key_bar import KeyBar
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import EMPTY_READER, ArticleReader

GONE_READER = "The article that was open here has been removed from the desk (with its feed)."

if TYPE_CHECKING:  # the renderer pulls in lxml; it loads on the first open, after first paint
    from newsdesk.core.render import RenderedArticle
    from newsdesk.desk.records import OpenedArticle

STORIES_AFTER = 1.0  # seconds after mount when a large desk's saved stories load
STATUS_SECONDS = 8.0  # how long a message said in the status line stays

WELCOME = (
    "Welcome to newsdesk\n\n"
    "Your desk has no feeds yet. To start:\n\n"
    "  a   add a feed (an http(s) URL or a local file)\n"
    "  i   import an OPML file exported from another reader\n"
    "  S   load the sample desk: four feeds, offline\n\n"
    "Then: tab moves between panes, j/k move, enter opens, ? lists every key."
)


class DeskScreen(
    FeedActions,
    ArticleActions,
    FullTextActions,
    AnnotationActions,
    ClaimsActions,
    ReaderKeys,
    LayoutActions,
    StoryActions,
    Screen[None],
):
    # the first frame already shows the article list focused (Textual's default, the first
    # focusable widget, focused the feed list until on_mount moved it: a second paint)
    AUTO_FOCUS = "#article-list"
    BINDINGS = (
        FeedActions.FEED_BINDINGS
        + ArticleActions.ARTICLE_BINDINGS
        + AnnotationActions.ANNOTATION_BINDINGS
        + ClaimsActions.CLAIMS_BINDINGS
        + LayoutActions.LAYOUT_BINDINGS
        + ReaderKeys.READER_BINDINGS
        + StoryActions.STORY_BINDINGS
        + [Binding("escape", "escape", "Clear search or selection", show=False, id="desk.escape")]
    )

    def __init__(self, desk: Desk, config: Config | None = None) -> None:
        super().__init__(id="desk-screen")
        self.desk = desk
        self.config = config or desk.config
        self.state = DeskState(desk)
        self.open_id: str | None = None
        self.open_rendered: RenderedArticle | None = None
        self.unread_only = bool(desk.setting("unread_only", False))
        self.query_text = ""
        self.query_extra: frozenset[str] = frozenset()
        self._shown_unread = 0  # unread rows in the article list, kept by show_entry/update
        self.next_refresh: datetime | None = None
        self._status_timer: Timer | None = None
        self._welcome_shown = False
        self.index_loading = ""  # the list title while the index loads (ui/head_start.py)

    def compose(self) -> ComposeResult:
        self.fit_layout(*self.app.size)  # the widgets are styled once, for this size
        with Horizontal(id="desk"):
            yield FeedList(id="feed-list")
            with Vertical(id="centre"):
                with Vertical(id="list-pane"):  # the search box mounts here, over the list
                    yield ArticleList(
                        self.feed_title,
                        self.app.clock,  # type: ignore[attr-defined]
                        id="article-list",
                    )
                yield ArticleReader(id="reader")
            yield NotesSidebar(id="notes")
        with Horizontal(id="status-bar"):  # the progress bar mounts here when first shown
            yield Static(id="status-line")
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.show_next_refresh(self.next_refresh)
        self.query_one("#reader").border_title = "Reader"
        self.query_one("#notes").border_title = "Notes"
        self.query_one(ArticleList).story_outlets = self.desk.story_outlets_of
        self.stories_at_once()
        self.reload()
        self.query_one(ArticleList).focus()
        self.set_timer(0.3, self._warm_up)
        # a saved grouping loads in a worker once the first paint is on screen: its CPU
        # time would otherwise compete with painting it
        self.set_timer(STORIES_AFTER, self.stories_after_paint)

    def show_next_refresh(self, when: datetime | None) -> None:
        """The feed list's title says when the timed refresh ([refresh] every) is due."""
        self.next_refresh = when
        title = "Feeds · unread"
        if when is not None:
            title += f" · next refresh {when.astimezone():%H:%M}"
        with contextlib.suppress(NoMatches):  # not composed yet: on_mount shows it
            self.query_one("#feed-list").border_title = title

    def _warm_up(self) -> None:
        """Load the renderer and editor modules while the user looks at the first paint,
        so the first enter is as quick as every later one."""
        import newsdesk.core.anchor  # noqa: F401
        import newsdesk.core.boilerplate  # noqa: F401
        import newsdesk.core.sentences  # noqa: F401
        import newsdesk.desk.records  # noqa: F401  (what the use cases hand back)
        import newsdesk.ui.screens.note_editor  # noqa: F401
        import newsdesk.ui.widgets.records  # noqa: F401

        self.mount_search_box()

    # data -----------------------------------------------------------------------------------
    def feed_title(self, feed_id: str) -> str:
        feed = self.desk.feed(feed_id)
        return feed.display_title if feed else "(unsubscribed)"

    def reload(self) -> None:
        """Read the index from the store again (after refresh, add, remove, import)."""
        self.state.load()
        self.prepare_search_soon()
        self.refresh_feed_list()
        self.show_entry(keep_article=True)
        if self.open_id is not None and self.desk.article(self.open_id) is None:
            # removed meanwhile (cron's `newsdesk remove`): the reader let go of it, else
            # the keys acting on "the open article" fell on the list's cursor row instead
            self.open_id = None
            self.open_rendered = None
            self.query_one(ArticleReader).show_message(Text(GONE_READER))
            self.refresh_sidebar()
            self._welcome_shown = False
            return
        if self.open_id is None:
            welcome = not self.desk.feeds()
            if welcome != self._welcome_shown:
                self.query_one(ArticleReader).show_message(
                    Text(WELCOME if welcome else EMPTY_READER)
                )
                self._welcome_shown = welcome

    def refresh_feed_list(self) -> None:
        self.query_one(FeedList).set_entries(self.state.feed_entries())

    def current_filter(self) -> Filter:
        return Filter(
            self.query_one(FeedList).current, self.unread_only, self.query_text, self.query_extra
        )

    def show_entry(self, keep_article: bool = False) -> None:
        article_list = self.query_one(ArticleList)
        keep = article_list.current.id if keep_article and article_list.current else None
        if self.in_stories_entry():
            self.show_stories(keep)
            self._shown_unread = sum(1 for a in article_list.articles if not a.read)
        else:
            articles = self.state.articles(self.current_filter())
            self._shown_unread = self.state.unread_in(articles)  # grouping keeps the set
            if self.group_stories:
                articles = self.state.group_by_story(articles)
            article_list.set_articles(articles, keep_id=keep)
            article_list.empty_message = self._why_empty()
        self._title_article_list()
        self.show_feed_status(self.query_one(FeedList).current)

    def _why_empty(self) -> str:
        """What an empty article list says: a dead feed its error, a filter what it hides."""
        entry = self.query_one(FeedList).current
        if self.query_text:
            return f"Nothing matches “{self.query_text}”."
        if not self.desk.feeds():
            return "No feeds yet: a adds one, i imports OPML, S loads the sample desk."
        feed = self.desk.feed(entry.key) if entry is not None and entry.kind == "feed" else None
        if feed is not None and feed.failed and feed.error:
            return f"Nothing fetched: {feed.error}"
        if feed is not None and feed.last_status == "new":
            return "Not fetched yet: r refreshes this feed."
        if self.unread_only:
            return "Nothing unread here: u shows read articles too."
        if entry is not None and entry.kind == "starred":
            return "No starred articles: s stars the article under the cursor."
        return "No articles here yet."

    def _title_article_list(self) -> None:
        article_list = self.query_one(ArticleList)
        stories = self.stories_title()
        if stories is not None:
            article_list.border_title = stories
            return
        entry = self.query_one(FeedList).current
        label = entry.label.lstrip("▸▾ ") if entry else "Articles"
        if self.query_text:
            label = f"Search: {self.query_text}"
        shown = article_list.articles
        unread = self._shown_unread
        if self.unread_only:
            counts = f"{unread} unread · unread only"
        else:
            counts = f"{plural(len(shown), 'article')}, {unread} unread"
        if self.index_loading:
            counts = self.index_loading
        article_list.border_title = f"{label} · {counts}"

    def show_feed_status(self, entry: FeedEntry | None) -> None:
        status = self.query_one("#status-line", Static)
        feed = self.desk.feed(entry.key) if entry and entry.kind == "feed" else None
        if feed is not None and feed.failed and feed.error:
            status.update(safe_text(f"! {feed.display_title}: {feed.error}"), layout=False)
            status.add_class("error")
        elif status.has_class("error"):
            status.update("", layout=False)
            status.remove_class("error")

    def export_to_prompted_path(
        self,
        title: str,
        default: str,
        content: Callable[[Path], bytes],
        done: str,
        *,
        remember: str | None = None,
    ) -> None:
        """Ask for a path and write `content(path)` there (see ui.screens.export_prompt)."""
        from newsdesk.ui.screens.export_prompt import prompt_and_write

        prompt_and_write(self, self.desk, title, default, content, done, remember=remember)

    def say(self, message: str) -> None:
        """A quiet confirmation in the status line: a toast per keypress would cost a
        repaint of its own and crowd the screen."""
        status = self.query_one("#status-line", Static)
        status.remove_class("error")
        status.update(safe_text(message), layout=False)  # one line, fixed size: no reflow
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer = self.set_timer(STATUS_SECONDS, self.clear_said)

    def clear_said(self) -> None:
        """A message said in the status line expires; a feed's error shown there stays."""
        self._status_timer = None
        status = self.query_one("#status-line", Static)
        if not status.has_class("error"):
            status.update("", layout=False)

    def select_article(self, article_id: str) -> None:
        """Put the list cursor on an article, widening to "All articles" if it is elsewhere."""
        article_list = self.query_one(ArticleList)
        if article_list.index_of(article_id) is None:
            if self.query_text:
                self.close_search(clear=True)
            self.query_one(FeedList).move_to(0, quiet=True)
            self.show_entry()
        # a read version of a story may be hidden by "unread only": cursor_to lists it
        article_list.cursor_to(article_id, self.desk.article(article_id))

    # messages from widgets ------------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed worker (refresh, search …) reaches the user through the app's one handler."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]

    def on_virtual_list_highlighted(self, event: FeedList.Highlighted) -> None:
        if isinstance(event.list, FeedList):
            self.story_open = None
            self.show_entry()

    def on_virtual_list_selected(self, event: ArticleList.Selected) -> None:
        if isinstance(event.list, ArticleList):
            if self.open_story_row():
                return
            article = event.list.current
            if article is not None:
                self.open_article(article.id)
        elif isinstance(event.list, FeedList):
            entry = event.list.current
            if entry is not None and entry.kind == "tag":
                self.state.collapsed ^= {entry.key}
                self.refresh_feed_list()
            else:
                self.query_one(ArticleList).focus()

    # opening an article ----------------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        opened = self.desk.open_article(article_id)
        self.open_id = article_id
        self.open_rendered = opened.rendered
        self.show_opened(opened)
        if self.query_text:  # opened from a search: at the first match, not the top
            self.open_at_first_match(self.query_text)
        else:
            self.forget_find()  # the last article's "Match 2 of 3" says nothing of this one
        if opened.was_unread:
            self.update_articles([article_id])

    def reshow_if_edited(self) -> None:
        """After a refresh: the open article shows its text as the feed now has it (an edit
        keeps the guid), with the cursor near where it was."""
        if self.open_id is None or self.open_rendered is None:
            return
        if self.desk.article(self.open_id) is None:
            return
        article = self.desk.require_article(self.open_id)
        if self.desk.render(article).text == self.open_rendered.text:
            return
        reader = self.query_one(ArticleReader)
        offset = reader.selection_range()[0]
        was_full = reader.version == "full"
        opened = self.desk.open_article(self.open_id, mark_read=False)
        self.open_rendered = opened.rendered
        self.show_opened(opened)
        if opened.version == "full" and not was_full:
            self.say("Its full article arrived: showing it (F switches back).")
            return
        reader.move_cursor_to_offset(min(offset, len(opened.rendered.text)))
        self.say("The feed edited this article: showing its new text.")

    def show_opened(self, opened: OpenedArticle) -> None:
        reader = self.query_one(ArticleReader)
        reader.show_article(
            opened.article,
            opened.feed,
            opened.rendered,
            self.passages_for(opened.rendered),
            self.marks_from(opened.highlights),
            opened.attachments,
            version=opened.version if opened.has_full or opened.summary_only else "",
            summary_hint=self.config.keys.get("article.fulltext", "F")
            if opened.summary_only
            else "",
        )
        self.refresh_sidebar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.search_submitted(event.value)

    def on_notes_sidebar_note_chosen(self, event: NotesSidebar.NoteChosen) -> None:
        reader = self.query_one(ArticleReader)
        reader.move_cursor_to_offset(event.offset)
        if self.pane_is_overlay("notes"):  # it covers the reader: give the reader the keys
            reader.focus()

    def action_escape(self) -> None:
        if self.close_overlays():
            return
        if self.search_box() is not None:
            self.close_search(clear=True)
            return
        reader = self.query_one(ArticleReader)
        if reader.selection_start is None and self.close_story():
            return
        if reader.selection_start is not None:
            self.say("Selection off.")  # in place of the "Selecting: …" hint
        reader.clear_selection()
