"""Provides what the desk's widgets paint from: the reader's marks and passages, the notes
sidebar's cards and the article list's story rows.

They load with the first article opened or story grouped (or the desk screen's warm-up
after the first frame), not on the way to the first frame: a frozen dataclass costs
~0.4 ms to set up, and the first frame shows none of these.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from newsdesk.core.models import Article


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight as the reader paints it: global offsets and a kind."""

    start: int
    end: int
    kind: str
    id: str = ""


@dataclass(frozen=True, slots=True)
class Passage:
    block: int
    start: int  # global offsets
    end: int


@dataclass(frozen=True, slots=True)
class Card:
    offset: int  # where its passage starts in the article text; -1 for none
    kind: str  # a highlight kind, "note" or "orphaned"
    text: Text


@dataclass(frozen=True, slots=True)
class StoryHead:
    """A story as a row of the list: its first article, its outlets, whether any is unread."""

    story_id: str
    article: Article
    outlets: tuple[str, ...]
    unread: bool
