"""Provides OPML 1.0/2.0 import and export of subscriptions; folders become feed tags.

Import reads the file with lxml configured never to load a DTD, expand an entity or touch
the network, and refuses entity declarations outright. Export writes OPML 2.0 that import
reads back to the same feeds and tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from newsdesk.core.errors import NewsdeskError, ParseError
from newsdesk.core.models import Feed
from newsdesk.core.sanitize import OPENABLE_SCHEMES, clean_text, lower_scheme_and_host, safe_url
from newsdesk.core.xmlguard import refuse_entities

MAX_OPML_BYTES = 20 * 1024 * 1024
_URL_ATTRS = ("xmlUrl", "xmlurl", "XMLURL", "xmlURL", "url")


class OpmlError(NewsdeskError):
    """The file is not OPML newsdesk can read; nothing was imported."""

    title = "Cannot import OPML"


@dataclass(frozen=True, slots=True)
class OutlineFeed:
    url: str
    title: str
    tags: tuple[str, ...]


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)  # urls of the feeds subscribed now
    skipped: list[str] = field(default_factory=list)  # urls already subscribed or repeated
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (what the file said, why)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.skipped)} skipped (already subscribed), "
            f"{len(self.invalid)} invalid"
        )


Invalid = list[tuple[str, str]]


def read_opml(data: bytes, name: str = "the file") -> tuple[list[OutlineFeed], Invalid]:
    """Feeds the outlines name, and the outlines that name something unusable (with why)."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"{name} is too large for an OPML file (over 20 MB)")
    try:
        refuse_entities(data)
    except ParseError:
        raise OpmlError(
            f"{name} declares XML entities; refused (the shape of an XML bomb)"
        ) from None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise OpmlError(f"{name} is not OPML: it is not XML ({_first_line(str(error))})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        found = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise OpmlError(f"{name} is XML but not OPML (its root element is <{found}>)")
    body = next(
        (c for c in root if isinstance(c.tag, str) and etree.QName(c).localname.lower() == "body"),
        None,
    )
    if body is None:
        raise OpmlError(f"{name} is OPML without a <body>; there is nothing to import")
    feeds: list[OutlineFeed] = []
    invalid: list[tuple[str, str]] = []
    _walk(body, (), feeds, invalid)
    return feeds, invalid


def _walk(
    node: Any, folders: tuple[str, ...], feeds: list[OutlineFeed], invalid: list[tuple[str, str]]
) -> None:
    for outline in node:
        if not isinstance(outline.tag, str) or etree.QName(outline).localname.lower() != "outline":
            continue
        label = clean_text(outline.get("title") or outline.get("text") or "")
        raw_url = next((outline.get(a) for a in _URL_ATTRS if outline.get(a) is not None), None)
        if raw_url is None:
            if len(outline):
                _walk(outline, folders + ((label,) if label else ()), feeds, invalid)
            continue
        url = normalise_url(raw_url)
        if not url:
            shown = clean_text(raw_url)
            # someone else's file must not make the desk read ours: local files are refused
            why = (
                "a local file: subscribe to it with `newsdesk add PATH`"
                if shown.lower().startswith("file:")
                else "not an http(s) address"
            )
            invalid.append((shown or label or "(empty)", why))
            continue
        tags = list(folders)
        for category in (outline.get("category") or "").split(","):
            tag = clean_text(category).strip("/")
            if tag and "/" not in tag:
                tags.append(tag)
        feeds.append(OutlineFeed(url, label, tuple(dict.fromkeys(tags))))


def normalise_url(raw: str) -> str:
    """An http(s) URL as stored, or "" if the text is not one."""
    text = clean_text(raw)
    if not text:
        return ""
    url = safe_url(text, None, OPENABLE_SCHEMES)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return lower_scheme_and_host(url)


def import_opml(store: Any, source: bytes | str | Path, name: str | None = None) -> ImportReport:
    """Subscribe to every feed an OPML file (path) or document (bytes) names."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source).expanduser()
        name = name or str(path)
        from newsdesk.core.errors import FetchError
        from newsdesk.core.localfeed import read_local

        try:  # a regular file only: a FIFO or a terminal would block the import
            data = read_local(path.absolute().as_uri(), MAX_OPML_BYTES).content or b""
        except FetchError as error:
            raise OpmlError(f"Cannot read {path}: {error.message}") from None
    outlines, invalid = read_opml(data, name or "the file")
    report = ImportReport(invalid=invalid)
    for item in outlines:
        if store.feed_by_url(item.url) is not None:
            report.skipped.append(item.url)
            continue
        report.added.append(store.add_feed(item.url, title=item.title, tags=item.tags).url)
    return report


def export_opml(feeds: list[Feed], now: datetime | None = None) -> bytes:
    """OPML 2.0; a feed sits in the folder of its first tag, other tags go in `category`."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "newsdesk subscriptions"
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = etree.SubElement(root, "body")
    folders: dict[str, Any] = {}
    for feed in feeds:
        parent = body
        if feed.tags:
            first = feed.tags[0]
            if first not in folders:
                folders[first] = etree.SubElement(body, "outline", text=first, title=first)
            parent = folders[first]
        attrs = {
            "type": "rss",
            "text": feed.display_title,
            "title": feed.title or "",
            "xmlUrl": feed.url,
        }
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if len(feed.tags) > 1:
            attrs["category"] = ",".join(f"/{t}" for t in feed.tags[1:])
        etree.SubElement(parent, "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _first_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 140 else line[:139] + "…"
