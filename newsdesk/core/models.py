"""Provides the frozen records the store hands out and the UI renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, get_args

FeedStatus = Literal["new", "updated", "not_modified", "failed", "disabled"]
"""What the last refresh of a feed did; "new" until the first one."""
FEED_STATUSES: tuple[FeedStatus, ...] = get_args(FeedStatus)

HighlightKind = Literal["highlight", "quote", "claim", "question", "fact-check"]
"""What a highlight marks; the reader colours each kind differently."""
HIGHLIGHT_KINDS: tuple[HighlightKind, ...] = get_args(HighlightKind)

ClaimStatus = Literal["open", "verified", "disputed", "false"]
"""Where checking a claim (a claim, quote or fact-check highlight) has got to."""
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)
CLAIM_KINDS: tuple[HighlightKind, ...] = ("claim", "quote", "fact-check")
"""The highlight kinds the claims board lists."""
NO_SPEAKER = "—"
"""A claim's speaker cleared by the user: no one named, and no guess made in their place."""
TextVersion = Literal["feed", "full"]
"""Which text of an article: the feed's own, or the full article fetched from its page."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    url: str
    title: str
    site_url: str = ""
    kind: str = ""
    tags: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_status: FeedStatus = "new"
    error: str | None = None
    failures: int = 0
    last_fetched: datetime | None = None
    disabled: bool = False
    added: datetime = field(default_factory=utcnow)
    full_text: bool = False  # fetch the full article of every new item after a refresh

    @property
    def failed(self) -> bool:
        return self.last_status == "failed" or self.disabled

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(frozen=True, slots=True)
class Article:
    """The index record of an article: everything but its body and summary, so lists load fast.

    A 50,000-article desk holds one of these per article in memory; what only the reader
    needs (body, summary) stays in the feed's body shard.
    """

    id: str
    feed_id: str
    guid: str
    title: str
    link: str = ""
    author: str = ""
    published: datetime = field(default_factory=utcnow)
    updated: datetime | None = None
    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    fetched: datetime = field(default_factory=utcnow)
    has_full: bool = False  # the full article is stored beside the feed's text
    show_full: bool = False  # the full article was shown last (the reader opens it again)


@dataclass(frozen=True, slots=True)
class Highlight:
    id: str
    article_id: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    kind: HighlightKind = "highlight"
    orphaned: bool = False
    created: datetime = field(default_factory=utcnow)
    status: ClaimStatus = "open"  # claim kinds only: the claims board's checking status
    speaker: str = ""  # claim kinds only: who said it ("" unknown)
    version: TextVersion = "feed"  # the text it was made on; it re-anchors onto the other


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    article_id: str
    text: str
    highlight_id: str | None = None
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True)
class Stats:
    feeds: int
    articles: int
    unread: int
    starred: int
    highlights: int
    notes: int
    failed_feeds: int

    def as_dict(self) -> dict[str, int]:
        return {
            "feeds": self.feeds,
            "articles": self.articles,
            "unread": self.unread,
            "starred": self.starred,
            "highlights": self.highlights,
            "notes": self.notes,
            "failed_feeds": self.failed_feeds,
        }
