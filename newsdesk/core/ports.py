"""Provides the Store protocol: the only way the CLI, the engine and the UI reach the desk.

Updates take keyword-only typed changes; a field left at `KEEP` is not touched, so `None`
stays a real value (e.g. `error=None` clears a feed's error).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Protocol

from newsdesk.core.columns import ArticleColumns
from newsdesk.core.enclosure import Enclosure
from newsdesk.core.models import (
    Article,
    ClaimStatus,
    Feed,
    FeedStatus,
    Highlight,
    HighlightKind,
    Note,
    Stats,
)


class Keep(enum.Enum):
    """The type of `KEEP`: "leave this field as it is" in an update."""

    KEEP = "keep"

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as a feed delivers it, before the store merges it with user state."""

    guid: str
    title: str
    link: str
    author: str
    published: Any  # datetime (UTC)
    updated: Any | None
    summary: str
    body: str
    enclosures: tuple[Enclosure, ...] = ()
    """Podcast media files (http/https only, each url, type, length), in feed order."""


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int
    updated: int
    new_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SavedStories:
    """A desk's saved story grouping: its head document and its numbered JSON texts."""

    head: dict[str, Any]
    parts: dict[int, str]


class Store(Protocol):
    """The desk: feeds, the article index and bodies, annotations, settings.

    Every change is in memory at once and persisted by `flush` (or the background writer).
    An id the desk does not hold raises NotFoundError where a method says so; lookups by id
    (`feed`, `article`) return None instead.
    """

    path: Path
    readonly: bool

    # lifecycle
    def flush(self) -> None:
        """Persist every change now. Raises DeskWriteError (changes kept for a retry)."""
        ...

    def flush_in_background(self) -> None:
        """Hand the changes to the writer thread; failures go to the write error handler."""
        ...

    def prepare_background_flushes(self) -> None:
        """Start making later `flush_in_background` calls cost only what changed (the open
        desk calls it once loaded; it returns at once, the work goes on in a thread)."""
        ...

    def close(self) -> None:
        """Flush and release the desk lock. Raises DeskWriteError if the flush fails."""
        ...

    def set_write_error_handler(self, handler: Callable[[Exception], None]) -> None:
        """Where a failed background write is reported (a DeskWriteError)."""
        ...

    # feeds
    def feeds(self) -> list[Feed]:
        """Every feed, by display title."""
        ...

    def feed(self, feed_id: str) -> Feed | None: ...
    def feed_by_url(self, url: str) -> Feed | None: ...

    def add_feed(self, url: str, title: str = "", tags: Sequence[str] = ()) -> Feed:
        """Subscribe; an url already subscribed returns that feed unchanged."""
        ...

    def update_feed(
        self,
        feed_id: str,
        *,
        url: str | Keep = KEEP,
        title: str | Keep = KEEP,
        site_url: str | Keep = KEEP,
        kind: str | Keep = KEEP,
        tags: Sequence[str] | Keep = KEEP,
        etag: str | None | Keep = KEEP,
        last_modified: str | None | Keep = KEEP,
        last_status: FeedStatus | Keep = KEEP,
        error: str | None | Keep = KEEP,
        failures: int | Keep = KEEP,
        last_fetched: datetime | None | Keep = KEEP,
        disabled: bool | Keep = KEEP,
        full_text: bool | Keep = KEEP,
    ) -> Feed:
        """Change the given fields; returns the new record. Raises NotFoundError."""
        ...

    def remove_feed(self, feed_id: str) -> None:
        """Unsubscribe, keeping starred, tagged and annotated articles. Raises NotFoundError."""
        ...

    def kept_on_removal(self, feed_id: str) -> list[str]:
        """Ids of the articles `remove_feed` would keep."""
        ...

    # articles
    def articles(self) -> list[Article]:
        """Every article as a model: small desks and CLI commands (see article_columns)."""

    def article_columns(self) -> ArticleColumns:
        """The articles as live columns: what walks every article of a large desk."""

    def article(self, article_id: str) -> Article | None: ...

    def body(self, article_id: str) -> str:
        """The stored HTML body; "" for an unknown article or one without a body."""
        ...

    def summary(self, article_id: str) -> str:
        """The feed's teaser; "" for an unknown article."""
        ...

    def body_heads(self, article_ids: Iterable[str], limit: int) -> dict[str, str]:
        """The first `limit` characters of each article's stored HTML body (its summary when
        it has none); safe in a worker thread, and shards not in memory are not kept."""
        ...

    def enclosures(self, article_id: str) -> list[Enclosure]:
        """A podcast episode's media files, in feed order; [] for an unknown article."""
        ...

    def search_bodies(self, query: str, stop: Callable[[], bool] | None = None) -> set[str]:
        """Ids of articles whose body contains `query`; safe in a worker thread. Once
        `stop()` is true the search may end early with what it found so far."""
        ...

    def full_text(self, article_id: str) -> str:
        """The full article's HTML fetched from its page; "" when there is none."""
        ...

    def set_full_text(
        self, article_id: str, html: str, *, extractor: str = "", fetched: datetime | None = None
    ) -> None:
        """Keep the full article beside the feed's text (both stay); sets `has_full`.
        Raises NotFoundError."""
        ...

    def set_show_full(self, article_id: str, show_full: bool) -> None:
        """Remember which text the reader showed last. An unknown id is skipped."""
        ...

    def bodies_missing(self, feed_id: str) -> bool:
        """Whether an article of the feed lacks its body on disk (checked once an open);
        refresh then fetches the feed without validators so the bodies come back."""
        ...

    def upsert_articles(self, feed_id: str, items: Sequence[ArticleInput]) -> UpsertResult:
        """Merge a feed's items with the stored ones, keeping user state. Raises NotFoundError."""
        ...

    def release_bodies(self, feed_id: str) -> None:
        """Done with the feed's bodies for now: save them in the background and let them
        leave memory once on disk (a refresh of many feeds then holds one feed's at a time).
        They still reach the disk before an index that lists them."""
        ...

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> list[str]:
        """Unknown ids are skipped; returns the ids whose state changed, each once."""
        ...

    def set_starred(self, article_id: str, starred: bool) -> None:
        """An unknown id is skipped."""
        ...

    def set_tags(self, article_id: str, tags: Sequence[str]) -> None:
        """Replace the tags (trimmed, blank and repeated ones dropped). Raises NotFoundError."""
        ...

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        """Remove records and bodies; returns how many there were. Unknown ids are skipped."""
        ...

    def restore_article(self, article: Article) -> Article:
        """Insert an exported article record (no body). Raises NotFoundError for its feed."""
        ...

    # annotations
    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        """One article's highlights (every one for None), in text order."""
        ...

    def add_highlight(self, highlight: Highlight) -> Highlight:
        """Store it (a new id if it has none; the same id replaces the old record)."""
        ...

    def update_highlight(
        self,
        highlight_id: str,
        *,
        quote: str | Keep = KEEP,
        prefix: str | Keep = KEEP,
        suffix: str | Keep = KEEP,
        start: int | Keep = KEEP,
        end: int | Keep = KEEP,
        kind: HighlightKind | Keep = KEEP,
        orphaned: bool | Keep = KEEP,
        status: ClaimStatus | Keep = KEEP,
        speaker: str | Keep = KEEP,
    ) -> Highlight:
        """Change the given fields; returns the new record. Raises NotFoundError."""
        ...

    def remove_highlight(self, highlight_id: str) -> None:
        """Raises NotFoundError."""
        ...

    def notes(self, article_id: str | None = None) -> list[Note]:
        """One article's notes (every one for None), oldest first."""
        ...

    def add_note(self, note: Note) -> Note:
        """Store it (a new id if it has none; the same id replaces the old record)."""
        ...

    def update_note(
        self,
        note_id: str,
        *,
        text: str | Keep = KEEP,
        highlight_id: str | None | Keep = KEEP,
        updated: datetime | Keep = KEEP,
    ) -> Note:
        """Change the given fields; returns the new record. Raises NotFoundError."""
        ...

    def remove_note(self, note_id: str) -> None:
        """Raises NotFoundError."""
        ...

    # settings and summary
    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None:
        """Raises DeskError when `value` is not JSON-serialisable."""
        ...

    def stats(self) -> Stats: ...

    # story grouping
    def story_state(self) -> SavedStories | None:
        """The saved story grouping (head and parts, see core.storystate), or None if the
        desk was never grouped."""
        ...

    def save_story_state(
        self, head: dict[str, Any], parts: Mapping[int, str | None], *, replace: bool = False
    ) -> None:
        """Write the head and the given parts (None removes a part); `replace` first drops
        every saved part. Persisted with the desk like every change: many small documents, so
        a save writes what changed, not the whole grouping."""
        ...
