"""Provides NewsdeskApp: styles, global keys, the flush timer and error routing."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from newsdesk.config import Config
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.ports import Store
from newsdesk.ui.commands import DeskCommands
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.help import HelpModal
from newsdesk.ui.widgets.reader import ArticleReader
from newsdesk.ui.widgets.virtual_list import VirtualList

FLUSH_SECONDS = 0.5
WRITE_ERROR_REPEAT = 30.0  # seconds before the same save error is shown again


def styles_path() -> Path:
    """The stylesheet: inside an installed wheel, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "styles" / "newsdesk.tcss"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles" / "newsdesk.tcss"


class NewsdeskApp(App[None]):
    TITLE = "newsdesk"
    CSS_PATH = [styles_path()]
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.previous_pane"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        config_problems: list[str] | None = None,
        demo: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config()
        self.config_problems = config_problems or []
        self.demo = demo
        self.clock = clock or (lambda: datetime.now(UTC))
        self._last_write_error: tuple[str, float] = ("", 0.0)

    def on_mount(self) -> None:
        theme = self.starting_theme()
        if theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.config_problems.append(f"Unknown theme '{theme}'; using {self.theme}.")
        self._theme_applied = True
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.store.set_write_error_handler(self._write_failed_in_thread)
        self.set_interval(FLUSH_SECONDS, self.flush_store)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=12, markup=False)

    def get_default_screen(self) -> DeskScreen:
        """The desk is the base screen: no blank default screen is painted first."""
        return DeskScreen(self.store, self.config)

    def starting_theme(self) -> str:
        """The last theme chosen: a palette choice (saved in the desk) wins until the config
        file's theme is edited after it."""
        saved = self.store.setting("theme")
        if isinstance(saved, str) and self.store.setting("theme_config") == self.config.theme:
            return saved
        return self.config.theme or ""

    def watch_theme(self, theme: str) -> None:
        if not getattr(self, "_theme_applied", False):
            return  # the start-up theme is not a choice to remember
        if self.store.setting("theme") != theme:
            self.store.set_setting("theme", theme)
            self.store.set_setting("theme_config", self.config.theme)

    def flush_store(self) -> None:
        try:
            self.store.flush_in_background()
        except NewsdeskError as error:
            self.report_error(error)

    def _write_failed_in_thread(self, error: Exception) -> None:
        self.call_from_thread(self._write_failed, error)

    def _write_failed(self, error: Exception) -> None:
        """Saves are retried every half second: say so once, not twice a second."""
        now = time.monotonic()
        last_text, last_time = self._last_write_error
        if str(error) != last_text or now - last_time > WRITE_ERROR_REPEAT:
            self._last_write_error = (str(error), now)
            self.report_error(error)

    def report_error(self, error: Exception) -> None:
        title = getattr(error, "title", "Error")
        self.notify(str(error), title=title, severity="error", timeout=10, markup=False)

    def action_help(self) -> None:
        from newsdesk.ui.screens.desk_annotations import AnnotationActions
        from newsdesk.ui.screens.desk_articles import ArticleActions
        from newsdesk.ui.screens.desk_feeds import FeedActions
        from newsdesk.ui.screens.desk_layout import LayoutActions
        from newsdesk.ui.screens.note_editor import NoteEditorModal
        from newsdesk.ui.screens.notes_browser import NotesBrowserScreen
        from newsdesk.ui.widgets.notes_sidebar import NotesSidebar

        groups = [
            ("Everywhere", list(self.BINDINGS)),
            ("Feeds", list(FeedActions.FEED_BINDINGS)),
            ("Articles (from any pane)", list(ArticleActions.ARTICLE_BINDINGS)),
            (
                "Highlights and notes (on the open article)",
                list(AnnotationActions.ANNOTATION_BINDINGS),
            ),
            ("Panes (narrow terminals collapse them)", list(LayoutActions.LAYOUT_BINDINGS)),
            ("Lists (feeds, articles)", list(VirtualList.BINDINGS)),
            ("Reader", list(ArticleReader.BINDINGS)),
            ("Notes sidebar", list(NotesSidebar.BINDINGS)),
            ("Note editor", list(NoteEditorModal.BINDINGS)),
            ("Notes browser (N)", list(NotesBrowserScreen.BINDINGS)),
            (
                "Command palette",
                [Binding("ctrl+p", "command_palette", "Commands: refresh, export, themes …")],
            ),
        ]
        self.push_screen(HelpModal(groups))
