"""Provides the records the desk's use cases hand back: undo steps, opened articles, add and
remove results, listings, full-text reports, note rows and story rows.

They load with the first use case that makes one (or the desk screen's warm-up after the
first frame), not on the way to the first frame: a frozen dataclass costs ~0.4 ms to set
up, these twelve ~5 ms, and launching the desk makes none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from newsdesk.core.enclosure import Enclosure
from newsdesk.core.models import Article, Feed, Highlight, Note, TextVersion
from newsdesk.core.wording import plural

if TYPE_CHECKING:
    from newsdesk.core.render import RenderedArticle

FullStatus = Literal["fetched", "has_full", "failed"]


@dataclass(frozen=True, slots=True)
class Undone:
    """What `Desk.undo` put back: a message for the user and the articles whose rows or
    annotations changed, so a screen repaints only those."""

    message: str
    article_ids: tuple[str, ...] = ()
    annotations: bool = False
    stories: bool = False  # a story's membership changed: story rows and counts follow


@dataclass(frozen=True, slots=True)
class UndoStep:
    label: str
    restore: Callable[[], Undone]


@dataclass(frozen=True, slots=True)
class OpenedArticle:
    """An article ready to read: its record (read now), feed, rendered text, and its
    highlights placed on that text (orphaned ones flagged) with its notes; which text is
    shown (the feed's or the full article), whether the other exists, and whether the feed's
    text looks like a mere summary of an article that has a page to fetch; a podcast
    episode's media files are its attachments (http/https only)."""

    article: Article
    feed: Feed | None
    rendered: RenderedArticle
    highlights: tuple[Highlight, ...]
    notes: tuple[Note, ...]
    was_unread: bool
    attachments: tuple[Enclosure, ...] = ()
    version: TextVersion = "feed"
    has_full: bool = False
    summary_only: bool = False


@dataclass(frozen=True, slots=True)
class NoteRow:
    """One line of the notes browser: a highlight (with its note) or an article note."""

    article_id: str
    offset: int
    highlight_id: str | None
    note_id: str | None
    kind: str  # a highlight kind, or "note" for an article note
    quote: str
    note: str
    title: str
    feed: str
    tags: tuple[str, ...]
    created: datetime
    orphaned: bool = False

    def haystack(self) -> str:
        return f"{self.quote}\n{self.note}\n{self.title}".casefold()


@dataclass(frozen=True, slots=True)
class AddResult:
    feed: Feed
    status: Literal["added", "exists", "not_fetched"]
    new: int = 0
    found_at: str | None = None  # the feed URL an HTML page pointed to
    first_fetch: str = ""  # subscribed but never fetched before: how fetching it now went

    def message(self) -> str:
        if self.status == "exists":
            said = f"Already subscribed: {self.feed.display_title} ({self.feed.url})"
            return f"{said}; {self.first_fetch}" if self.first_fetch else said
        if self.status == "not_fetched":
            return f"Added {self.feed.url} (not fetched yet; a refresh fetches it)"
        return f"Added {self.feed.display_title} ({self.feed.url}): {plural(self.new, 'article')}"


@dataclass(frozen=True, slots=True)
class RemoveResult:
    feed: Feed
    removed: int
    kept: int

    def message(self) -> str:
        note = f"; kept {self.kept} starred, tagged or annotated" if self.kept else ""
        return (
            f"Removed {self.feed.display_title} ({self.feed.url}) and {self.removed} of its "
            f"{self.removed + self.kept} articles{note}"
        )


@dataclass(slots=True)
class FeedRow:
    """A feed as `newsdesk feeds --json` and the feed list describe it."""

    id: str
    title: str
    url: str
    unread: int
    status: str
    error: str | None
    tags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "unread": self.unread,
            "status": self.status,
            "error": self.error,
            "tags": list(self.tags),
        }


@dataclass(frozen=True, slots=True)
class ArticleListing:
    """One article as `newsdesk articles` lists it, with its annotation counts."""

    article: Article
    feed: Feed | None
    highlights: int
    notes: int

    def as_dict(self) -> dict[str, Any]:
        from newsdesk.core.article_text import listing_dict

        return listing_dict(self.article, self.feed, self.highlights, self.notes)

    def line(self) -> str:
        """One terminal-safe line: id, flags, date, feed, title."""
        from newsdesk.core.article_text import one_line

        flags = ("N" if not self.article.read else " ") + ("*" if self.article.starred else " ")
        feed = one_line(self.feed.display_title) if self.feed else "-"
        when = f"{self.article.published.astimezone(UTC):%Y-%m-%d}"
        return f"{self.article.id}  {flags} {when}  {feed}: {one_line(self.article.title)}"


@dataclass(frozen=True, slots=True)
class MarkReport:
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FullTextResult:
    """What fetching one article's full text did; `error` is a one-line reason."""

    article_id: str
    url: str
    status: FullStatus
    error: str | None = None
    extractor: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "url": self.url,
            "status": self.status,
            "error": self.error,
            "extractor": self.extractor or None,
        }


@dataclass(slots=True)
class FullTextReport:
    results: list[FullTextResult] = field(default_factory=list)

    def count(self, status: FullStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        fetched, failed, had = self.count("fetched"), self.count("failed"), self.count("has_full")
        parts = [f"Full text: {fetched} fetched", f"{failed} failed"]
        if had:
            parts.append(f"{had} had it already")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the Stories list and `newsdesk stories` show it."""

    id: str
    title: str
    outlets: tuple[str, ...]  # feed titles, in order of their first article
    articles: tuple[Article, ...]  # oldest first
    newest: datetime = field(default_factory=lambda: datetime.min.replace(tzinfo=UTC))

    def as_dict(self, feed_title: Callable[[str], str]) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlets": len(self.outlets),
            "articles": [
                {
                    "id": a.id,
                    "feed": feed_title(a.feed_id),
                    "title": a.title,
                    "link": a.link,
                    "published": a.published.isoformat(),
                }
                for a in self.articles
            ],
        }
