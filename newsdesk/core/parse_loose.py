"""Provides the forgiving path: feedparser reads what the strict path declines.

feedparser is always handed bytes (given a string it would open files and URLs itself),
with no response headers, no sanitiser and no URI resolution: nh3 sanitises later and links
are resolved in one place for both paths. Its answer is mapped onto a RawFeed.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.core.dates import from_struct
from newsdesk.core.enclosure import Enclosure, enclosure
from newsdesk.core.errors import ParseError
from newsdesk.core.feedraw import (
    HTML_TYPES,
    RawEntry,
    RawFeed,
    author_name,
    map_content_type,
)
from newsdesk.core.xmlguard import refuse_entities

_VOID_END = re.compile(
    r"</(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)>", re.I
)


def parse_loose(data: bytes) -> RawFeed:
    import feedparser
    from feedparser.encodings import convert_to_utf8

    # check entities on exactly the UTF-8 text feedparser's DOCTYPE handling will see, so a
    # declaration hidden by an exotic declared encoding (UTF-7, EBCDIC ...) is caught too
    data = convert_to_utf8({}, data, {})
    refuse_entities(data)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    version = str(parsed.get("version") or "")
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({_one_line(str(reason))})" if reason and parsed.get("bozo") else ""
        raise ParseError(f"Not a feed: no RSS, Atom or JSON Feed found{detail}")
    meta = parsed.feed
    atom = version.startswith("atom")
    title, title_type = _text(meta, "title")
    feed = RawFeed(
        kind=version or "xml",
        title=title,
        title_type=title_type,
        link=_link(meta, atom),
        authors=_authors(meta) if atom else [],
    )
    feed.entries = [_entry(e, atom) for e in parsed.entries]
    return feed


def _entry(entry: Any, atom: bool) -> RawEntry:
    title, title_type = _text(entry, "title")
    contents = [
        _markup(str(c.get("value") or ""), map_content_type(str(c.get("type") or "text/html")))
        for c in dict.get(entry, "content") or ()
    ]
    summary = None
    detail = dict.get(entry, "summary_detail")
    if detail:  # no detail means feedparser copied the content into `summary`
        mime = map_content_type(str(detail.get("type") or "text/html"))
        summary = _markup(str(dict.get(entry, "summary") or ""), mime)
    return RawEntry(
        id=str(dict.get(entry, "id") or ""),
        link=_link(entry, atom),
        title=title,
        title_type=title_type,
        authors=_entry_authors(entry, atom),
        published=from_struct(dict.get(entry, "published_parsed")),
        updated=from_struct(dict.get(entry, "updated_parsed")),
        contents=contents,
        summary=summary,
        enclosures=_enclosures(entry),
    )


def _enclosures(entry: Any) -> list[Enclosure]:
    found = []
    for link in dict.get(entry, "links") or ():
        if link.get("rel") == "enclosure":
            item = enclosure(link.get("href"), link.get("type"), link.get("length"))
            if item is not None:
                found.append(item)
    return found


def _text(obj: Any, key: str) -> tuple[str, str]:
    value = dict.get(obj, key)
    detail = dict.get(obj, f"{key}_detail")
    mime = map_content_type(str(detail.get("type") or "text/plain")) if detail else "text/plain"
    return _markup(str(value or ""), mime)


def _markup(value: str, mime: str) -> tuple[str, str]:
    """feedparser writes XHTML void elements as `<br></br>`, which HTML reads as two breaks;
    the end tags are dropped (a literal `</br>` in the text would have been escaped)."""
    if mime == "application/xhtml+xml" and "></" in value:
        value = _VOID_END.sub("", value)
    return value, mime


def _link(obj: Any, atom: bool) -> str:
    """Atom: the first alternate HTML link (never the id feedparser copies into `link`);
    RSS: the first non-empty <link> (feedparser keeps the last, even an empty one)."""
    if not atom:
        for link in dict.get(obj, "links") or ():
            if link.get("rel") == "alternate" and link.get("href"):
                return str(link["href"])
        return str(dict.get(obj, "link") or "")
    for link in dict.get(obj, "links") or ():
        if (
            link.get("rel") == "alternate"
            and link.get("href")
            and map_content_type(str(link.get("type") or "text/html")) in HTML_TYPES
        ):
            return str(link["href"])
    return ""


def _entry_authors(entry: Any, atom: bool) -> list[str]:
    """Atom names as given; one RSS author string split by our rule, not feedparser's."""
    people = dict.get(entry, "authors") or ()
    raw = dict.get(entry, "author")
    if not atom and len(people) == 1 and isinstance(raw, str) and raw:
        return [author_name(raw)]
    return _authors(entry)


def _authors(obj: Any) -> list[str]:
    names = []
    for person in dict.get(obj, "authors") or ():
        name = person.get("name") or person.get("email")
        if name:
            names.append(str(name))
    return names


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"
