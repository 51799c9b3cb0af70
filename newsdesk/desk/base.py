"""Provides DeskBase: the store, the config, undo and the read-only queries every use case needs.

The front ends hold a `Desk` (built from this base and the use-case mixins beside it) and
never the store: what they read are the core's frozen models.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.config import Config
from newsdesk.core.columns import ArticleColumns
from newsdesk.core.errors import NotFoundError
from newsdesk.core.models import Article, Feed, Stats
from newsdesk.core.ports import Store

if TYPE_CHECKING:  # the records load on first use (desk/records.py)
    from newsdesk.desk.records import Undone, UndoStep


class DeskBase:
    """State shared by the use cases: one per open desk file."""

    def __init__(self, store: Store, config: Config | None = None) -> None:
        self.store = store
        self.config = config or Config()
        self._undo: list[UndoStep] = []

    # lifecycle ----------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    def flush(self) -> None:
        self.store.flush()

    def flush_in_background(self) -> None:
        self.store.flush_in_background()

    def prepare_background_flushes(self) -> None:
        """Ready the desk for a long session: its flushes, and the C heap given back what
        loading the index freed (its slices of JSON, a few megabytes at 50,000 articles).
        Called from the event loop too: both go to threads."""
        from newsdesk.desk.memory import give_back_memory_soon

        self.store.prepare_background_flushes()
        give_back_memory_soon()

    def close(self) -> None:
        self.store.close()

    def set_write_error_handler(self, handler: Callable[[Exception], None]) -> None:
        self.store.set_write_error_handler(handler)

    # queries ------------------------------------------------------------------------------
    def feeds(self) -> list[Feed]:
        return self.store.feeds()

    def feed(self, feed_id: str) -> Feed | None:
        return self.store.feed(feed_id)

    def feed_by_url(self, url: str) -> Feed | None:
        return self.store.feed_by_url(url)

    def require_feed(self, feed_id: str) -> Feed:
        feed = self.store.feed(feed_id)
        if feed is None:
            raise NotFoundError(f"No feed with id {feed_id} (it may have been removed).")
        return feed

    def articles(self) -> list[Article]:
        return self.store.articles()

    def article_columns(self) -> ArticleColumns:
        return self.store.article_columns()

    def article(self, article_id: str) -> Article | None:
        return self.store.article(article_id)

    def require_article(self, article_id: str) -> Article:
        article = self.store.article(article_id)
        if article is None:
            raise NotFoundError(f"No article with id {article_id}.")
        return article

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to (None: not grouped); the story use cases override
        this, so the claims board and exports can group by story without knowing how."""
        return None

    def stats(self) -> Stats:
        return self.store.stats()

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.store.set_setting(key, value)

    # undo ---------------------------------------------------------------------------------
    def remember_undo(self, label: str, restore: Callable[[], Undone]) -> None:
        """Keep a way back from an action, for this session (ctrl+z in the desk)."""
        from newsdesk.desk.records import UndoStep

        self._undo.append(UndoStep(label, restore))
        del self._undo[:-50]

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Undone:
        """Put back the last undoable change; raises NothingToUndo when there is none."""
        if not self._undo:
            raise NothingToUndoError("Nothing to undo.")
        return self._undo.pop().restore()


class NothingToUndoError(NotFoundError):
    title = "Undo"
