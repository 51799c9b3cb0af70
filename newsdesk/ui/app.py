"""Provides NewsdeskApp: styles, global keys, the flush timer and error routing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from newsdesk.core.errors import NewsdeskError
from newsdesk.store.base import Store
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.help import HelpModal
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList
from newsdesk.ui.widgets.reader import ArticleReader
from newsdesk.ui.widgets.virtual_list import VirtualList

FLUSH_SECONDS = 0.5


def styles_path() -> Path:
    """The stylesheet: inside an installed wheel, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "styles" / "newsdesk.tcss"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles" / "newsdesk.tcss"


class NewsdeskApp(App[None]):
    TITLE = "newsdesk"
    CSS_PATH = [styles_path()]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, store: Store, *, demo: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.store = store
        self.demo = demo
        self.clock = clock or (lambda: datetime.now(UTC))
        self.sub_title = "sample desk (throwaway copy)" if demo else str(store.path)

    def on_mount(self) -> None:
        theme = self.store.setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.store.set_write_error_handler(self._write_failed_in_thread)
        self.set_interval(FLUSH_SECONDS, self.flush_store)
        self.push_screen(DeskScreen(self.store))

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "store", None) is not None and self.store.setting("theme") != theme:
            self.store.set_setting("theme", theme)

    def flush_store(self) -> None:
        try:
            self.store.flush_in_background()
        except NewsdeskError as error:
            self.report_error(error)

    def _write_failed_in_thread(self, error: Exception) -> None:
        self.call_from_thread(self.report_error, error)

    def report_error(self, error: Exception) -> None:
        title = getattr(error, "title", "Error")
        self.notify(str(error), title=title, severity="error", timeout=10, markup=False)

    def action_help(self) -> None:
        groups = [
            ("Everywhere", list(self.BINDINGS)),
            ("Desk", list(DeskScreen.BINDINGS)),
            ("Lists (feeds, articles)", list(VirtualList.BINDINGS)),
            ("Feed list", list(FeedList.BINDINGS) if FeedList.BINDINGS != VirtualList.BINDINGS
             else []),
            ("Article list", [b for b in ArticleList.BINDINGS if b not in VirtualList.BINDINGS]),
            ("Reader", list(ArticleReader.BINDINGS)),
            ("Command palette", [Binding("ctrl+p", "command_palette", "Open the command palette")]),
        ]
        self.push_screen(HelpModal(groups))
