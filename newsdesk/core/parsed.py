"""Provides ParsedFeed and ParsedEntry: what reading a feed yields, without the parsers.

They live apart from newsdesk.core.parse so that a process storing what a parse worker sends
back (pickles name this module) never loads lxml, nh3 or feedparser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.core.enclosure import Enclosure


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    identity: str
    title: str
    link: str
    author: str
    published: datetime | None
    updated: datetime | None
    content_html: str
    summary: str
    enclosures: tuple[Enclosure, ...] = ()

    def __reduce__(self) -> tuple[type[ParsedEntry], tuple[object, ...]]:
        """Pickled as its constructor's arguments: a parse worker sends 50 of these a feed,
        and the dataclass default (a state dict set field by field) costs three times as much."""
        return ParsedEntry, (
            self.identity,
            self.title,
            self.link,
            self.author,
            self.published,
            self.updated,
            self.content_html,
            self.summary,
            self.enclosures,
        )


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    kind: str  # rss20, atom10, json11 ... as feedparser names versions
    entries: tuple[ParsedEntry, ...]
    engine: str = "strict"  # which path read it: strict | feedparser | json
