"""Provides the fast strict path: well-formed RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 read with lxml.

The parser never loads a DTD, never expands an entity and never touches the network. It
reads the elements it understands and *bails* (returns None) on anything whose meaning
feedparser would read differently, so the forgiving path takes over and both paths agree.
RSS is read here; Atom in strict_atom, with the element rules both share in strict_elements.
"""

from __future__ import annotations

import threading
from functools import cache

from lxml import etree

from newsdesk.core.dates import parse_date
from newsdesk.core.enclosure import enclosure
from newsdesk.core.feed_namespaces import (
    ATOM03,
    ATOM10,
    CONTENT,
    DC,
    ITUNES,
    MEDIA,
    RDF,
    RSS090,
    RSS10,
)
from newsdesk.core.feedraw import (
    RawEntry,
    RawFeed,
    author_name,
    feedparser_html_guess,
    fix_link_text,
    fix_uri,
    map_content_type,
)
from newsdesk.core.strict_atom import atom_feed, atom_html_link
from newsdesk.core.strict_elements import MEDIA_TEXT, Bail, check_extension, plain_text, tag_of

_local = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )
    return parser


def parse_strict(data: bytes) -> RawFeed | None:
    """RawFeed for a well-formed feed this path models exactly, else None."""
    if (
        data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
        or data[:2] in (b"\xff\xfe", b"\xfe\xff")
        or b"\x00" in data[:4]
    ):
        return None  # UTF-16/32: the byte-level checks below assume an ASCII-compatible encoding
    if b"<!DOCTYPE" in data or b"xml:base" in data:
        return None
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    info = root.getroottree().docinfo
    if info.doctype or not _ascii_compatible(info.encoding or "utf-8"):
        return None
    try:
        return _read(root)
    except Bail:
        return None
    except (ValueError, TypeError, AttributeError, KeyError):
        return None  # a shape this path never met: the forgiving path reads it instead


def _ascii_compatible(encoding: str) -> bool:
    name = encoding.lower().replace("_", "").replace("-", "")
    return name in ("utf8", "usascii", "ascii") or name.startswith(
        ("iso8859", "windows125", "latin", "cp125")
    )


def _read(root: etree._Element) -> RawFeed:
    tag = root.tag
    if tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise Bail
        if any(isinstance(c.tag, str) and c.tag != "channel" for c in root):
            raise Bail
        version = root.get("version", "")
        kind = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}.get(
            version, "rss20" if version.startswith("2.") else "rss"
        )
        feed = _rss_channel(channel, "", kind)
        feed.entries = [_rss_item(i, "") for i in channel.iterchildren("item")]
        return feed
    if tag == f"{{{RDF}}}RDF":
        ns = RSS10 if root.find(f"{{{RSS10}}}channel") is not None else RSS090
        known = {f"{{{ns}}}{n}" for n in ("channel", "item", "image", "textinput")}
        if any(isinstance(c.tag, str) and c.tag not in known for c in root):
            raise Bail
        channel = root.find(f"{{{ns}}}channel")
        if channel is None or channel.find(f"{{{ns}}}item") is not None:
            raise Bail  # items nested in the channel: feedparser reads them
        feed = _rss_channel(channel, ns, "rss10" if ns == RSS10 else "rss090")
        feed.entries = [_rss_item(i, ns) for i in root.iterchildren(f"{{{ns}}}item")]
        return feed
    if tag == f"{{{ATOM10}}}feed":
        return atom_feed(root, ATOM10, "atom10")
    if tag == f"{{{ATOM03}}}feed":
        version = root.get("version")
        return atom_feed(
            root,
            ATOM03,
            {"0.1": "atom01", "0.2": "atom02", "0.3": "atom03"}.get(version or "", "atom"),
        )
    raise Bail


# -- RSS ----------------------------------------------------------------------------------


def _rss_channel(channel: etree._Element, ns: str, kind: str) -> RawFeed:
    feed = RawFeed(kind=kind)
    title_tag, link_tag = f"{{{ns}}}title" if ns else "title", f"{{{ns}}}link" if ns else "link"
    for el in channel:
        tag = tag_of(el)
        if tag == title_tag:
            if not feed.title:
                feed.title, feed.title_type = _rss_text(el, "text/plain")
        elif tag == link_tag:
            feed.link = feed.link or fix_link_text(plain_text(el))  # the first non-empty one
        elif tag == f"{{{ATOM10}}}link":
            if atom_html_link(el):
                raise Bail
        elif tag in _ALT_TITLES and feed.title:
            continue  # a later title at the same depth: feedparser keeps the first
        elif tag.startswith(("{" + ATOM10, "{" + DC + "}title")) or tag in MEDIA_TEXT:
            raise Bail
    return feed


_ALT_TITLES = frozenset({f"{{{DC}}}title", *(f"{{{ns}}}title" for ns in MEDIA)})


def _rss_text(el: etree._Element, default: str) -> tuple[str, str]:
    mime = map_content_type(el.get("type", default))
    if el.get("mode") == "base64" or not (mime.startswith("text/") or mime.endswith("xml")):
        raise Bail
    value = plain_text(el)
    if mime == "text/plain" and _looks_like_html(value):
        mime = "text/html"
    return value, mime


def _rss_item(item: etree._Element, ns: str) -> RawEntry:
    entry = RawEntry()
    about = item.get(f"{{{RDF}}}about")
    if about:
        entry.id = about
    handlers = _rss_handlers(ns)
    has_link = False
    permalink_guid = ""
    summaries = 0
    for el in item:
        handler = handlers.get(tag_of(el))
        if handler is None:
            check_extension(el, ns)
            continue
        kind = handler
        if kind == "title":
            if entry.title:
                raise Bail  # a second title: feedparser's choice depends on element order
            entry.title, entry.title_type = _rss_text(el, "text/plain")
        elif kind == "alt_title":  # dc:title, media:title: feedparser keeps the first title
            if not entry.title:
                entry.title, entry.title_type = _rss_text(el, "text/plain")
        elif kind == "link":
            entry.link = entry.link or fix_link_text(plain_text(el))  # the first non-empty one
            has_link = True
        elif kind == "enclosure":
            found = enclosure(el.get("url"), el.get("type"), el.get("length"))
            if found is not None:
                entry.enclosures.append(found)
        elif kind == "guid":
            value = plain_text(el)
            if el.get("isPermaLink", el.get("ispermalink", "true")) == "true":
                value = fix_uri(value)
                permalink_guid = permalink_guid or value
            entry.id = value
        elif kind == "description":
            summaries += 1
            entry.summary = _rss_text(el, "text/html")
        elif kind == "encoded":
            entry.contents.append(_rss_text(el, "text/html"))
        elif kind == "author":
            if entry.authors:
                raise Bail  # feedparser splits a second author string its own way
            entry.authors.append(author_name(plain_text(el)))
        elif kind == "published":
            entry.published = parse_date(plain_text(el))
        elif kind == "updated":
            entry.updated = parse_date(plain_text(el))
    if summaries > 1:
        raise Bail
    if not has_link and permalink_guid:
        entry.link = permalink_guid
    return entry


@cache
def _rss_handlers(ns: str) -> dict[str, str]:
    """Item child tag -> what it means; "" marks elements that never touch our fields."""
    q = f"{{{ns}}}" if ns else ""
    rss2 = (
        {}
        if ns
        else {
            "guid": "guid",
            "pubdate": "published",
            "author": "author",
            "category": "",
            "comments": "",
            "enclosure": "enclosure",
            "source": "",
        }
    )
    return {
        f"{q}title": "title",
        f"{q}link": "link",
        f"{q}description": "description",
        f"{{{CONTENT}}}encoded": "encoded",
        f"{{{DC}}}creator": "author",
        f"{{{DC}}}date": "updated",
        f"{{{DC}}}title": "alt_title",
        **{f"{{{m}}}title": "alt_title" for m in MEDIA},
        f"{{{ITUNES}}}author": "author",
        f"{{{ITUNES}}}summary": "description",
        **rss2,
    }


# -- feedparser's html guess for text/plain RSS elements --------------------------------------


def _looks_like_html(text: str) -> bool:
    if "</" not in text and ";" not in text:
        return False  # the cheap pre-check: feedparser wants a close tag or an entity
    return feedparser_html_guess(text)
