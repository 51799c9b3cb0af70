"""Provides the one error hierarchy every layer raises and the UI and CLI report."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Root of every error a user may see; `title` heads the message in the UI."""

    title = "newsdesk error"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class DeskError(NewsdeskError):
    """The desk file cannot be used; nothing was written."""

    title = "Desk cannot be opened"


class DeskCorruptError(DeskError):
    """The file is not JSON or not a newsdesk desk; it is left untouched."""

    title = "Desk file unreadable"


class DeskLockedError(DeskError):
    """Another newsdesk holds the desk; opening it too would lose writes."""

    title = "Desk open elsewhere"

    def __init__(self, message: str, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


class NotFoundError(NewsdeskError):
    """A record asked for by id (feed, article, highlight, note) is not in the desk."""

    title = "Not found"


class DeskWriteError(NewsdeskError):
    """A flush failed (disk full, permissions); the previous file is intact."""

    title = "Could not save the desk"


class FeedError(NewsdeskError):
    """A single feed failed; the rest of a refresh carries on."""

    title = "Feed failed"


class FetchError(FeedError):
    """The feed could not be retrieved."""


class ParseError(FeedError):
    """The bytes are not a feed newsdesk can read."""


class DuplicateFeedError(FeedError):
    """The feed now leads to another subscribed feed's address (`url`): it is not stored
    twice. A new subscription that does this is the one already there (desk.add_feed)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"Duplicate: it now leads to {url}, which is already subscribed")
        self.url = url


class ExtractError(NewsdeskError):
    """A web page could not be fetched or turned into an article; other pages carry on."""

    title = "Article not extracted"
