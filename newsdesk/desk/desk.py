"""Provides Desk, the one object the CLI and the screens call, and `open_desk`."""

from __future__ import annotations

from pathlib import Path

from newsdesk.config import Config
from newsdesk.desk.annotations import AnnotationUseCases
from newsdesk.desk.claims import ClaimUseCases
from newsdesk.desk.feeds import FeedUseCases
from newsdesk.desk.fulltext import FullTextUseCases
from newsdesk.desk.listing import ListingUseCases
from newsdesk.desk.reading import ReadingUseCases
from newsdesk.desk.stories import StoryUseCases


class Desk(
    ClaimUseCases,
    FullTextUseCases,
    StoryUseCases,
    FeedUseCases,
    ListingUseCases,
    ReadingUseCases,
    AnnotationUseCases,
):
    """Every user action on one desk file. Methods return the core's frozen models (or
    small result records) and raise NewsdeskError subclasses with a title and message."""


def open_desk(path: Path | str, *, readonly: bool = False, config: Config | None = None) -> Desk:
    """Open (or create) the desk file at `path`; raises DeskError if it cannot be used."""
    from newsdesk.store import open_store

    return Desk(open_store(Path(path), readonly=readonly), config)
