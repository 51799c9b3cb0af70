"""Provides parse_feed: fetched bytes in, a clean ParsedFeed out.

Well-formed RSS and Atom take the fast strict path (lxml, no DTD, no entities, no network);
anything it declines goes to feedparser, always given bytes. JSON Feed is mapped with `json`.
All three produce a RawFeed, and one builder here cleans every string, sanitises every body
with nh3 and decides article identity, so the paths cannot drift apart.

Identity: the feed's guid/id, else the article link, else a hash of title and date.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from datetime import datetime
from html import escape

from newsdesk.core.discover import looks_like_html
from newsdesk.core.enclosure import Enclosure
from newsdesk.core.errors import ParseError
from newsdesk.core.feedraw import (
    HTML_TYPES,
    TEXT_TYPES,
    RawEntry,
    RawFeed,
    unescape_fully,
    unique,
)
from newsdesk.core.jsonfeed import looks_like_json, parse_json_feed
from newsdesk.core.parse_strict import parse_strict
from newsdesk.core.parsed import ParsedEntry, ParsedFeed
from newsdesk.core.sanitize import (
    OPENABLE_SCHEMES,
    clean_text,
    safe_url,
    sanitize_html,
    strip_controls,
    strip_tags,
)
from newsdesk.core.xmlguard import refuse_entities

SUMMARY_CHARS = 280
PARSE_BUDGET = 20.0  # seconds of parsing and sanitising one feed may take
MAX_TITLE_CHARS = 1000  # titles and feed titles: one line in a list, not a novel
MAX_AUTHOR_CHARS = 200
MAX_ENCLOSURES = 20  # per item: a podcast has one, a hostile feed may list thousands
_SUMMARY_SOURCE_CHARS = 8000  # enough HTML to find 280 characters of text
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|tr|td|th|pre|dd|dt)\s*>|<br\s*/?>", re.I)


def parse_feed(
    data: bytes, url: str = "", content_type: str = "", budget: float = PARSE_BUDGET
) -> ParsedFeed:
    """The feed read and cleaned; ParseError when it is not a feed, or when reading and
    cleaning it takes more than `budget` seconds (checked between items)."""
    deadline = time.monotonic() + budget
    raw, engine = read_feed(data, content_type)
    return build(raw, url, engine, deadline)


def read_feed(data: bytes, content_type: str = "") -> tuple[RawFeed, str]:
    """The document read by the path that suits it, and that path's name; not yet cleaned."""
    if not data.strip():
        raise ParseError("Not a feed: the response was empty")
    if looks_like_json(data, content_type):
        return parse_json_feed(data), "json"
    refuse_entities(data)
    if looks_like_html(data, content_type):
        raise ParseError("Not a feed: this is an HTML page, not RSS, Atom or JSON Feed")
    raw = parse_strict(data)
    if raw is not None:
        return raw, "strict"
    from newsdesk.core.parse_loose import parse_loose

    return parse_loose(data), "feedparser"


def build(raw: RawFeed, url: str, engine: str, deadline: float | None = None) -> ParsedFeed:
    site = safe_url(raw.link, url)
    base = site or url  # what relative links resolve against
    feed_author = _cap(display_text(", ".join(unique(raw.authors)), "text/plain"), MAX_AUTHOR_CHARS)
    return ParsedFeed(
        title=_cap(display_text(raw.title, raw.title_type), MAX_TITLE_CHARS),
        site_url=site,
        kind=raw.kind,
        entries=tuple(_timed_entries(raw.entries, base, feed_author, deadline)),
        engine=engine,
    )


def _timed_entries(
    entries: list[RawEntry], base: str, feed_author: str, deadline: float | None
) -> Iterator[ParsedEntry]:
    for done, entry in enumerate(entries):
        if deadline is not None and time.monotonic() > deadline:
            raise ParseError(
                f"Feed too slow to read: reading and cleaning it took over the time allowed "
                f"({done} of {len(entries)} items done)"
            )
        yield _entry(entry, base, feed_author)


def _entry(raw: RawEntry, base: str, feed_author: str) -> ParsedEntry:
    link = safe_url(raw.link, base)
    if not link and raw.id.lower().startswith(("http://", "https://")):
        link = safe_url(raw.id.strip(), None, OPENABLE_SCHEMES)  # an Atom id that is a URL
    body_value, body_type = "", "text/html"  # the longest full content, else the summary
    for value, mime in raw.contents:
        if len(value) > len(body_value):
            body_value, body_type = value, mime
    if not body_value and raw.summary:
        body_value, body_type = raw.summary
    body = _body_html(body_value, body_type, link or base)
    summary_source = raw.summary or next(((v, m) for v, m in raw.contents if m in TEXT_TYPES), None)
    summary = _summary(*summary_source) if summary_source else ""
    if not summary and body:
        summary = _summary(body, "text/html")
    title = _cap(display_text(raw.title, raw.title_type), MAX_TITLE_CHARS)
    published = raw.published or raw.updated
    enclosures = tuple(
        dict.fromkeys(
            Enclosure(url, clean_text(e.type), e.length)
            for e in raw.enclosures
            if (url := safe_url(e.url, None, OPENABLE_SCHEMES))
        )
    )[:MAX_ENCLOSURES]
    fallback = enclosures[0].url if enclosures else body_value
    return ParsedEntry(
        identity=_identity(raw.id, link, title, published, fallback),
        title=title,
        link=link,
        author=_cap(display_text(", ".join(unique(raw.authors)), "text/plain"), MAX_AUTHOR_CHARS)
        or feed_author,
        published=published,
        updated=raw.updated,
        content_html=body,
        summary=summary,
        enclosures=enclosures,
    )


def display_text(value: str, mime: str) -> str:
    """One line of plain text; HTML-typed values lose their tags (never interpreted).
    Only the first few thousand characters are read: every use is capped far below that."""
    value = value[:_SUMMARY_SOURCE_CHARS]
    if mime in HTML_TYPES and "<" in value:
        spaced = _BLOCK_END.sub(r"\g<0> ", value[:_SUMMARY_SOURCE_CHARS])
        value = strip_tags(spaced)
    return clean_text(unescape_fully(value))  # a plain ASCII line takes clean_text's one pass


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _body_html(value: str, mime: str, base: str) -> str:
    if not value:
        return ""
    if mime not in HTML_TYPES:
        paragraphs = [p.strip() for p in value.split("\n\n") if p.strip()]
        value = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    return strip_controls(sanitize_html(value, base))  # nh3 turns `&#27;` back into ESC


def _summary(value: str, mime: str) -> str:
    text = display_text(value, mime if mime in HTML_TYPES else "text/plain")
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def _identity(
    guid: str, link: str, title: str, published: datetime | None, fallback: str = ""
) -> str:
    """guid, else link, else a hash of title and date; an item with no title either is
    told apart by `fallback` (its enclosure URL, else its description)."""
    cleaned = clean_text(guid)
    if cleaned:
        return cleaned
    if link:
        return link
    stamp = published.isoformat() if published else ""
    if title or not fallback:
        return "sha1:" + hashlib.sha1(f"{title}\x1f{stamp}".encode()).hexdigest()
    return "sha1:" + hashlib.sha1(f"\x1e{fallback}\x1f{stamp}".encode()).hexdigest()
