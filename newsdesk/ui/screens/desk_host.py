"""Provides DeskHost: what the desk screen's action mixins may use of the screen (typing only).

Each mixin derives from DeskHost under TYPE_CHECKING (and from `object` at run time), so
mypy checks every `self.` they use against this one declaration instead of `self: Any`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Input

from newsdesk.config import Config
from newsdesk.core.models import Article, Feed, Highlight
from newsdesk.desk import Desk
from newsdesk.ui.desk_state import DeskState

if TYPE_CHECKING:
    from newsdesk.core.render import RenderedArticle


class DeskHost(Screen[None]):
    desk: Desk
    config: Config
    state: DeskState
    open_id: str | None
    open_rendered: RenderedArticle | None
    unread_only: bool
    query_text: str
    query_extra: frozenset[str]

    # the screen (desk.py)
    def reload(self) -> None: ...
    def show_entry(self, keep_article: bool = False) -> None: ...
    def refresh_feed_list(self) -> None: ...
    def say(self, message: str) -> None: ...
    def select_article(self, article_id: str) -> None: ...
    def update_articles(self, ids: list[str]) -> None: ...
    def open_article(self, article_id: str) -> None: ...
    def reshow_if_edited(self) -> None: ...
    def export_to_prompted_path(
        self,
        title: str,
        default: str,
        content: Callable[[Path], bytes],
        done: str,
        *,
        remember: str | None = None,
    ) -> None: ...

    # FeedActions
    def selected_feed(self) -> Feed | None: ...
    def run_refresh(self, feed_ids: list[str] | None, verb: str) -> object: ...
    def refresh_started(self, total: int, source: str = "") -> None: ...
    def refresh_finished(self) -> None: ...

    # ArticleActions
    def target_article(self) -> Article | None: ...
    def search_box(self) -> Input | None: ...
    def close_search(self, clear: bool) -> None: ...
    def search_bodies(self, query: str) -> object: ...

    # AnnotationActions
    def refresh_sidebar(self) -> None: ...
    def repaint_marks(self) -> None: ...
    def current_highlight(self) -> Highlight | None: ...
    def apply_undone(self, article_ids: tuple[str, ...], annotations: bool) -> None: ...
