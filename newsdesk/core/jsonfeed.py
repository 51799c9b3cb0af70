"""Provides JSON Feed 1.0/1.1 mapped onto the RawFeed both XML paths produce.

feedparser 6 does not read JSON Feed; the document is decoded with `json` after the fetch
size cap, and its HTML goes through the same sanitiser as every other feed's.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from newsdesk.core.dates import iso_date
from newsdesk.core.enclosure import enclosure
from newsdesk.core.errors import ParseError
from newsdesk.core.feedraw import RawEntry, RawFeed


def looks_like_json(data: bytes, content_type: str) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or ("json" in content_type.lower() and not head.startswith(b"<"))


def parse_json_feed(data: bytes) -> RawFeed:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError(f"Not a feed: invalid JSON ({error})") from None
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if isinstance(version, str) and version.strip() in ("1", "1.0", "1.1"):
        version = (
            f"https://jsonfeed.org/version/{version.strip()}"  # a bare number, seen in the wild
        )
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise ParseError("Not a feed: JSON without a JSON Feed version")
    items = doc.get("items")
    return RawFeed(
        kind="json11" if version.rstrip("/").endswith("1.1") else "json10",
        title=_str(doc.get("title")),
        link=_str(doc.get("home_page_url")),
        authors=_authors(doc),
        entries=[_item(i) for i in items if isinstance(i, dict)] if isinstance(items, list) else [],
    )


def _item(item: dict[str, Any]) -> RawEntry:
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    image = _str(item.get("image")) or _str(item.get("banner_image"))
    contents: list[tuple[str, str]] = []
    if html or image:
        if not html and text:
            html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in text.split("\n\n"))
        if image and image not in html:
            html = f'<p><img src="{escape(image)}" alt=""></p>' + html
        contents.append((html, "text/html"))
    elif text:
        contents.append((text, "text/plain"))
    summary = _str(item.get("summary"))
    identity = item.get("id")
    return RawEntry(
        id=str(identity)
        if isinstance(identity, (str, int)) and not isinstance(identity, bool)
        else "",
        link=_str(item.get("url")) or _str(item.get("external_url")),
        title=_str(item.get("title")),
        authors=_authors(item),
        published=iso_date(item.get("date_published")),
        updated=iso_date(item.get("date_modified")),
        contents=contents,
        summary=(summary, "text/plain") if summary else None,
        enclosures=[
            found
            for a in item.get("attachments") or ()
            if isinstance(a, dict)
            and (found := enclosure(_str(a.get("url")), _str(a.get("mime_type")), _size(a)))
        ][:20]
        if isinstance(item.get("attachments"), list)
        else [],
    )


def _size(attachment: dict[str, Any]) -> int:
    size = attachment.get("size_in_bytes")
    return size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else 0


def _authors(obj: dict[str, Any]) -> list[str]:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        single = obj.get("author")  # JSON Feed 1.0
        authors = [single] if isinstance(single, dict) else []
    return [_str(a.get("name")) for a in authors if isinstance(a, dict) and _str(a.get("name"))]


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
