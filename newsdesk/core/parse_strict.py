"""Provides the fast strict path: well-formed RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 read with lxml.

The parser never loads a DTD, never expands an entity and never touches the network. It
reads the elements it understands and *bails* (returns None) on anything whose meaning
feedparser would read differently, so the forgiving path takes over and both paths agree.
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
    FP_NAMESPACES,
    FP_PREFIXES,
    ITUNES,
    MEDIA,
    RDF,
    RSS090,
    RSS10,
    SAFE_EXT,
)
from newsdesk.core.feedraw import (
    HTML_TYPES,
    RawEntry,
    RawFeed,
    author_name,
    feedparser_html_guess,
    fix_link_text,
    fix_text,
    fix_uri,
    map_content_type,
)
from newsdesk.core.xhtml import xhtml_inner

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


class _Bail(Exception):
    """The strict path does not model this feed exactly; feedparser reads it."""


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
    except _Bail:
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
            raise _Bail
        if any(isinstance(c.tag, str) and c.tag != "channel" for c in root):
            raise _Bail
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
            raise _Bail
        channel = root.find(f"{{{ns}}}channel")
        if channel is None or channel.find(f"{{{ns}}}item") is not None:
            raise _Bail  # items nested in the channel: feedparser reads them
        feed = _rss_channel(channel, ns, "rss10" if ns == RSS10 else "rss090")
        feed.entries = [_rss_item(i, ns) for i in root.iterchildren(f"{{{ns}}}item")]
        return feed
    if tag == f"{{{ATOM10}}}feed":
        return _atom_feed(root, ATOM10, "atom10")
    if tag == f"{{{ATOM03}}}feed":
        version = root.get("version")
        return _atom_feed(
            root,
            ATOM03,
            {"0.1": "atom01", "0.2": "atom02", "0.3": "atom03"}.get(version or "", "atom"),
        )
    raise _Bail


def _tag(el: etree._Element) -> str:
    """The element's tag with its local name lower-cased, as feedparser matches names."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    ns, brace, local = tag.rpartition("}")
    return f"{ns}{brace}{local.lower()}"


def _text(el: etree._Element) -> str:
    if len(el):
        raise _Bail  # markup inside a text element: feedparser re-serialises it its own way
    return fix_text((el.text or "").strip())


def _check_extension(el: etree._Element, core: str) -> None:
    """Bail unless feedparser would ignore this element for every field we read."""
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag in SAFE_EXT:
        if tag.endswith(("}group", "}content")):
            for child in el:
                _check_extension(child, core)
        return
    ns, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
    if ns.lower() in FP_NAMESPACES or ns == core or not ns:
        raise _Bail
    if el.prefix is None or el.prefix.lower() in FP_PREFIXES:
        raise _Bail


# -- RSS ----------------------------------------------------------------------------------


def _rss_channel(channel: etree._Element, ns: str, kind: str) -> RawFeed:
    feed = RawFeed(kind=kind)
    title_tag, link_tag = f"{{{ns}}}title" if ns else "title", f"{{{ns}}}link" if ns else "link"
    for el in channel:
        tag = _tag(el)
        if tag == title_tag:
            if not feed.title:
                feed.title, feed.title_type = _rss_text(el, "text/plain")
        elif tag == link_tag:
            feed.link = feed.link or fix_link_text(_text(el))  # the first non-empty one
        elif tag == f"{{{ATOM10}}}link":
            if _atom_html_link(el):
                raise _Bail
        elif tag in _ALT_TITLES and feed.title:
            continue  # a later title at the same depth: feedparser keeps the first
        elif tag.startswith(("{" + ATOM10, "{" + DC + "}title")) or tag in _MEDIA_TEXT:
            raise _Bail
    return feed


_MEDIA_TEXT = frozenset(f"{{{ns}}}{n}" for ns in MEDIA for n in ("title", "description", "text"))
_ALT_TITLES = frozenset({f"{{{DC}}}title", *(f"{{{ns}}}title" for ns in MEDIA)})


def _rss_text(el: etree._Element, default: str) -> tuple[str, str]:
    mime = map_content_type(el.get("type", default))
    if el.get("mode") == "base64" or not (mime.startswith("text/") or mime.endswith("xml")):
        raise _Bail
    value = _text(el)
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
        handler = handlers.get(_tag(el))
        if handler is None:
            _check_extension(el, ns)
            continue
        kind = handler
        if kind == "title":
            if entry.title:
                raise _Bail  # a second title: feedparser's choice depends on element order
            entry.title, entry.title_type = _rss_text(el, "text/plain")
        elif kind == "alt_title":  # dc:title, media:title: feedparser keeps the first title
            if not entry.title:
                entry.title, entry.title_type = _rss_text(el, "text/plain")
        elif kind == "link":
            entry.link = entry.link or fix_link_text(_text(el))  # the first non-empty one
            has_link = True
        elif kind == "enclosure":
            found = enclosure(el.get("url"), el.get("type"), el.get("length"))
            if found is not None:
                entry.enclosures.append(found)
        elif kind == "guid":
            value = _text(el)
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
                raise _Bail  # feedparser splits a second author string its own way
            entry.authors.append(author_name(_text(el)))
        elif kind == "published":
            entry.published = parse_date(_text(el))
        elif kind == "updated":
            entry.updated = parse_date(_text(el))
    if summaries > 1:
        raise _Bail
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


# -- Atom ---------------------------------------------------------------------------------


def _atom_feed(root: etree._Element, ns: str, kind: str) -> RawFeed:
    feed = RawFeed(kind=kind)
    for el in root:
        tag = _tag(el)
        if not tag.startswith(f"{{{ns}}}"):
            if isinstance(tag, str) and tag in _MEDIA_TEXT | {f"{{{DC}}}title"}:
                raise _Bail
            continue
        local = tag[len(ns) + 2 :]
        if local == "title" and not feed.title:
            feed.title, feed.title_type = _atom_text(el, ns, kind)
        elif local == "link":
            href = _atom_html_link(el)
            if href is not None and not feed.link:
                feed.link = href
        elif local == "author":
            feed.authors.extend(_atom_person(el, ns))
        elif local == "entry":
            feed.entries.append(_atom_entry(el, ns, kind))
    return feed


def _atom_entry(item: etree._Element, ns: str, kind: str) -> RawEntry:
    entry = RawEntry()
    summaries = 0
    for el in item:
        tag = _tag(el)
        if not tag.startswith(f"{{{ns}}}"):
            _check_extension(el, ns)
            continue
        local = tag[len(ns) + 2 :]
        if local == "title":
            if entry.title:
                raise _Bail
            entry.title, entry.title_type = _atom_text(el, ns, kind)
        elif local == "id":
            entry.id = fix_uri(_text(el))
        elif local == "link":
            href = _atom_html_link(el)
            if href is not None and not entry.link:
                entry.link = href
            elif href is None and el.get("rel", "").lower() == "enclosure":
                found = enclosure(el.get("href"), el.get("type"), el.get("length"))
                if found is not None:
                    entry.enclosures.append(found)
        elif local == "author":
            entry.authors.extend(_atom_person(el, ns))
        elif local in ("published", "issued"):
            entry.published = parse_date(_text(el))
        elif local in ("updated", "modified"):
            entry.updated = parse_date(_text(el))
        elif local == "content":
            entry.contents.append(_atom_text(el, ns, kind))
        elif local == "summary":
            summaries += 1
            entry.summary = _atom_text(el, ns, kind)
        elif local not in ("category", "contributor", "rights", "source", "created"):
            raise _Bail
    if summaries > 1:
        raise _Bail
    return entry


def _atom_html_link(el: etree._Element) -> str | None:
    """The href of an alternate HTML link, else None (feedparser's defaults for rel/type)."""
    href = el.get("href")
    if href is None or el.get("url") is not None or el.get("uri") is not None:
        raise _Bail
    rel = el.get("rel", "alternate").lower()
    default_type = "application/atom+xml" if rel == "self" else "text/html"
    if rel == "alternate" and map_content_type(el.get("type", default_type)) in HTML_TYPES:
        return fix_uri(href)
    return None


def _atom_person(el: etree._Element, ns: str) -> list[str]:
    name = email = ""
    for child in el:
        tag = _tag(child)
        if tag == f"{{{ns}}}name":
            name = _text(child)
        elif tag == f"{{{ns}}}email":
            email = _text(child)
        elif tag not in (f"{{{ns}}}uri", f"{{{ns}}}url"):
            raise _Bail
    return [name or email] if name or email else []


def _atom_text(el: etree._Element, ns: str, kind: str) -> tuple[str, str]:
    mime = map_content_type(el.get("type", "text/plain"))
    mode = el.get("mode", "")
    if mode == "base64" or not (mime.startswith("text/") or mime.endswith("xml")):
        raise _Bail
    if el.get("src") is not None:
        raise _Bail
    if mime == "application/xhtml+xml":  # serialised as feedparser does: text escaped
        return fix_text(xhtml_inner(el, strip_div=kind == "atom10").strip()), mime
    if mode == "xml" and len(el):
        raise _Bail
    return _text(el), mime


# -- feedparser's html guess for text/plain RSS elements --------------------------------------


def _looks_like_html(text: str) -> bool:
    if "</" not in text and ";" not in text:
        return False  # the cheap pre-check: feedparser wants a close tag or an entity
    return feedparser_html_guess(text)
