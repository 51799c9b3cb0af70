"""Provides feed autodiscovery: is this an HTML page, and which feeds does it link to.

Only `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">` is followed, as
browsers and readers do; the page is parsed by lxml's HTML parser, which never fetches.
"""

from __future__ import annotations

import re

from newsdesk.core.sanitize import OPENABLE_SCHEMES, safe_url
from newsdesk.core.xmlguard import read_prolog

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|<\?xml[^>]*>|<!--.*?-->)*", re.S)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
MAX_LINKS = 5
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})


def looks_like_html(data: bytes, content_type: str = "") -> bool:
    """True for an HTML page; a feed served as text/html is still recognised as a feed."""
    head = data[:4096]
    prolog = read_prolog(head)
    if prolog is not None and prolog.root_name(head).lower() in _FEED_ROOTS:
        return False  # a feed, even behind an XHTML DOCTYPE
    start = _PROLOG.match(head)
    rest = head[start.end() if start else 0 :]
    if _HTML_START.match(rest):
        return True
    if rest[:1] == b"<" and "html" in content_type.lower():
        return not re.match(rb"<(rss|feed|rdf:RDF)[\s>]", rest)
    return False


def feed_links(page: bytes, page_url: str) -> list[str]:
    """The http(s) feed URLs a page advertises, absolute, in page order, at most a few."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(page[: 2 * 1024 * 1024])
    except (etree.ParserError, ValueError):
        return []
    base = page_url
    for tag in doc.iter("base"):
        base = safe_url(tag.get("href"), page_url, OPENABLE_SCHEMES) or page_url
        break
    found: list[str] = []
    comments: list[str] = []  # a comments feed is rarely the one meant: offered last
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = safe_url(link.get("href"), base, OPENABLE_SCHEMES)
        if url and url not in found and url not in comments:
            about = f"{link.get('title') or ''} {url}".casefold()
            (comments if "comment" in about else found).append(url)
        if len(found) + len(comments) >= MAX_LINKS:
            break
    return found + comments
