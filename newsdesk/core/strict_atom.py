"""Provides the strict path's Atom 0.3/1.0 reader, called by parse_strict for an Atom root.

Feed, entries, links, people and text constructs are read as feedparser reads them, or not
at all: anything else raises Bail and the forgiving path reads the feed.
"""

from __future__ import annotations

from lxml import etree

from newsdesk.core.dates import parse_date
from newsdesk.core.enclosure import enclosure
from newsdesk.core.feed_namespaces import DC
from newsdesk.core.feedraw import (
    HTML_TYPES,
    RawEntry,
    RawFeed,
    fix_text,
    fix_uri,
    map_content_type,
)
from newsdesk.core.strict_elements import MEDIA_TEXT, Bail, check_extension, plain_text, tag_of
from newsdesk.core.xhtml import xhtml_inner


def atom_feed(root: etree._Element, ns: str, kind: str) -> RawFeed:
    feed = RawFeed(kind=kind)
    for el in root:
        tag = tag_of(el)
        if not tag.startswith(f"{{{ns}}}"):
            if isinstance(tag, str) and tag in MEDIA_TEXT | {f"{{{DC}}}title"}:
                raise Bail
            continue
        local = tag[len(ns) + 2 :]
        if local == "title" and not feed.title:
            feed.title, feed.title_type = _atom_text(el, ns, kind)
        elif local == "link":
            href = atom_html_link(el)
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
        tag = tag_of(el)
        if not tag.startswith(f"{{{ns}}}"):
            check_extension(el, ns)
            continue
        local = tag[len(ns) + 2 :]
        if local == "title":
            if entry.title:
                raise Bail
            entry.title, entry.title_type = _atom_text(el, ns, kind)
        elif local == "id":
            entry.id = fix_uri(plain_text(el))
        elif local == "link":
            href = atom_html_link(el)
            if href is not None and not entry.link:
                entry.link = href
            elif href is None and el.get("rel", "").lower() == "enclosure":
                found = enclosure(el.get("href"), el.get("type"), el.get("length"))
                if found is not None:
                    entry.enclosures.append(found)
        elif local == "author":
            entry.authors.extend(_atom_person(el, ns))
        elif local in ("published", "issued"):
            entry.published = parse_date(plain_text(el))
        elif local in ("updated", "modified"):
            entry.updated = parse_date(plain_text(el))
        elif local == "content":
            entry.contents.append(_atom_text(el, ns, kind))
        elif local == "summary":
            summaries += 1
            entry.summary = _atom_text(el, ns, kind)
        elif local not in ("category", "contributor", "rights", "source", "created"):
            raise Bail
    if summaries > 1:
        raise Bail
    return entry


def atom_html_link(el: etree._Element) -> str | None:
    """The href of an alternate HTML link, else None (feedparser's defaults for rel/type)."""
    href = el.get("href")
    if href is None or el.get("url") is not None or el.get("uri") is not None:
        raise Bail
    rel = el.get("rel", "alternate").lower()
    default_type = "application/atom+xml" if rel == "self" else "text/html"
    if rel == "alternate" and map_content_type(el.get("type", default_type)) in HTML_TYPES:
        return fix_uri(href)
    return None


def _atom_person(el: etree._Element, ns: str) -> list[str]:
    name = email = ""
    for child in el:
        tag = tag_of(child)
        if tag == f"{{{ns}}}name":
            name = plain_text(child)
        elif tag == f"{{{ns}}}email":
            email = plain_text(child)
        elif tag not in (f"{{{ns}}}uri", f"{{{ns}}}url"):
            raise Bail
    return [name or email] if name or email else []


def _atom_text(el: etree._Element, ns: str, kind: str) -> tuple[str, str]:
    mime = map_content_type(el.get("type", "text/plain"))
    mode = el.get("mode", "")
    if mode == "base64" or not (mime.startswith("text/") or mime.endswith("xml")):
        raise Bail
    if el.get("src") is not None:
        raise Bail
    if mime == "application/xhtml+xml":  # serialised as feedparser does: text escaped
        return fix_text(xhtml_inner(el, strip_div=kind == "atom10").strip()), mime
    if mode == "xml" and len(el):
        raise Bail
    return plain_text(el), mime
