"""Provides parse_feed: fetched bytes in, a clean ParsedFeed out.

feedparser reads RSS and Atom (always given bytes: given a string it would open local files
itself); JSON Feed is mapped here because feedparser 6 does not read it. Every string is
cleaned and every body sanitised before it leaves this module.
"""

from __future__ import annotations

import hashlib
import json
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html

from newsdesk.core.errors import ParseError
from newsdesk.core.sanitize import clean_text, safe_url, sanitize_html

SUMMARY_CHARS = 280
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


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


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    kind: str  # rss20, atom10, json11 ... as feedparser names versions
    entries: tuple[ParsedEntry, ...]


def parse_feed(data: bytes, url: str = "", content_type: str = "") -> ParsedFeed:
    head = data[:512].lstrip()
    if "json" in content_type.lower() or head.startswith(b"{"):
        return _parse_json_feed(data, url)
    if _ENTITY_DECL.search(data[:65536]):
        # entity declarations are how billion-laughs and XXE feeds attack a parser
        raise ParseError("Feed refused: it declares XML entities (a known attack shape).")
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": url} if url.startswith("http") else {},
        sanitize_html=False,  # nh3 sanitises below, faster and stricter
        resolve_relative_uris=False,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({clean_text(str(reason))[:120]})" if reason else ""
        raise ParseError(f"Not a feed: no RSS, Atom or JSON Feed found{detail}.")
    meta = parsed.feed
    site = safe_url(meta.get("link"), url)
    base = site or url
    entries = tuple(_from_feedparser(e, base) for e in parsed.entries)
    return ParsedFeed(
        title=clean_text(meta.get("title")),
        site_url=site,
        kind=str(parsed.get("version") or "xml"),
        entries=entries,
    )


def _from_feedparser(entry: Any, base: str) -> ParsedEntry:
    link = safe_url(entry.get("link"), base)
    body_html = ""
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if len(value) > len(body_html):
            body_html = value
    summary_html = entry.get("summary") or ""
    if not body_html:
        body_html = summary_html
    body = sanitize_html(body_html, link or base)
    published = _struct_time(entry.get("published_parsed")) or _struct_time(
        entry.get("updated_parsed")
    )
    updated = _struct_time(entry.get("updated_parsed"))
    title = clean_text(entry.get("title"))
    return ParsedEntry(
        identity=_identity(entry.get("id"), link, title, published),
        title=title,
        link=link,
        author=clean_text(entry.get("author")),
        published=published,
        updated=updated,
        content_html=body,
        summary=_summary(summary_html or body),
    )


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError(f"Not a feed: invalid JSON ({error}).") from None
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise ParseError("Not a feed: JSON without a JSON Feed version.")
    kind = "json11" if version.rstrip("/").endswith("1.1") else "json10"
    site = safe_url(doc.get("home_page_url"), url)
    base = site or url
    items = doc.get("items") if isinstance(doc.get("items"), list) else []
    feed_authors = _json_authors(doc)
    entries = tuple(_from_json_item(i, base, feed_authors) for i in items if isinstance(i, dict))
    return ParsedFeed(title=clean_text(_str(doc.get("title"))), site_url=site, kind=kind,
                      entries=entries)


def _from_json_item(item: dict[str, Any], base: str, feed_authors: str) -> ParsedEntry:
    link = safe_url(_str(item.get("url")) or _str(item.get("external_url")), base)
    raw_html = _str(item.get("content_html"))
    if not raw_html and item.get("content_text"):
        paragraphs = _str(item.get("content_text")).split("\n\n")
        raw_html = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    image = safe_url(_str(item.get("image")), base)
    if image and image not in raw_html:
        raw_html = f'<p><img src="{_escape(image)}" alt=""></p>' + raw_html
    body = sanitize_html(raw_html, link or base)
    published = _iso(item.get("date_published"))
    updated = _iso(item.get("date_modified"))
    title = clean_text(_str(item.get("title")))
    return ParsedEntry(
        identity=_identity(_str(item.get("id")), link, title, published),
        title=title,
        link=link,
        author=_json_authors(item) or feed_authors,
        published=published or updated,
        updated=updated,
        content_html=body,
        summary=_summary(_str(item.get("summary")) or body),
    )


def _json_authors(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        single = obj.get("author")  # JSON Feed 1.0
        authors = [single] if isinstance(single, dict) else []
    names = [clean_text(_str(a.get("name"))) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n)


def _identity(guid: Any, link: str, title: str, published: datetime | None) -> str:
    if guid and clean_text(str(guid)):
        return clean_text(str(guid))
    if link:
        return link
    stamp = published.isoformat() if published else ""
    return "sha1:" + hashlib.sha1(f"{title}\x1f{stamp}".encode()).hexdigest()


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _summary(fragment: str) -> str:
    if not fragment:
        return ""
    try:
        text = lxml.html.fromstring(fragment).text_content() if "<" in fragment else fragment
    except (lxml.etree.ParserError, ValueError):
        text = fragment
    text = clean_text(text)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
