"""Provides the raw feed shape both XML parsers fill, and the text rules they share.

The strict lxml path and the feedparser fallback each produce a RawFeed; parse.py turns it
into the cleaned ParsedFeed. Keeping the few feedparser text rules in one place (the
cp1252/double-encoded UTF-8 repair, link and author quirks) is what lets both paths agree.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.core.enclosure import Enclosure

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = HTML_TYPES | {"text/plain"}

# feedparser maps the cp1252 code points a mis-declared latin-1 feed decodes to C1 controls
CP1252 = {
    128: "\u20ac",
    130: "\u201a",
    131: "\u0192",
    132: "\u201e",
    133: "\u2026",
    134: "\u2020",
    135: "\u2021",
    136: "\u02c6",
    137: "\u2030",
    138: "\u0160",
    139: "\u2039",
    140: "\u0152",
    142: "\u017d",
    145: "\u2018",
    146: "\u2019",
    147: "\u201c",
    148: "\u201d",
    149: "\u2022",
    150: "\u2013",
    151: "\u2014",
    152: "\u02dc",
    153: "\u2122",
    154: "\u0161",
    155: "\u203a",
    156: "\u0153",
    158: "\u017e",
    159: "\u0178",
}
_C1 = re.compile("[\x80-\x9f]")
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ENTITY_HINT = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);?")


@dataclass(slots=True)
class RawEntry:
    id: str = ""
    link: str = ""
    title: str = ""
    title_type: str = "text/plain"
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    contents: list[tuple[str, str]] = field(default_factory=list)  # (value, mime type)
    summary: tuple[str, str] | None = None
    enclosures: list[Enclosure] = field(default_factory=list)


@dataclass(slots=True)
class RawFeed:
    kind: str
    title: str = ""
    title_type: str = "text/plain"
    link: str = ""
    authors: list[str] = field(default_factory=list)
    entries: list[RawEntry] = field(default_factory=list)


def fix_text(text: str) -> str:
    """feedparser's repairs: UTF-8 read as latin-1 is re-decoded; cp1252 code points mapped."""
    if text.isascii():
        return text
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    if _C1.search(text):
        text = text.translate(CP1252)
    return text


def fix_uri(uri: str) -> str:
    """Collapse extra slashes after `scheme://`, as feedparser does for links and ids."""
    return _URI_FIXER.sub(r"\1\3", uri) if ":///" in uri else uri


def fix_link_text(text: str) -> str:
    """RSS <link> text: `&amp;` and bare entity names in queries restored, as feedparser does."""
    text = fix_uri(text)
    return _LINK_ENTITY.sub(r"&\g<1>", text.replace("&amp;", "&")) if "&" in text else text


def map_content_type(value: str) -> str:
    value = value.lower()
    if value in ("text", "plain"):
        return "text/plain"
    if value == "html":
        return "text/html"
    if value == "xhtml":
        return "application/xhtml+xml"
    return value


def author_name(text: str) -> str:
    """`jane@example.com (Jane Doe)` or `Jane Doe <jane@…>` -> `Jane Doe`; a bare address
    stays as it is."""
    match = _EMAIL.search(text)
    if not match:
        return text.strip()
    email = match.group(0)
    name = text.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "")
    name = name.strip()
    if name.startswith("("):
        name = name[1:]
    if name.endswith(")"):
        name = name[:-1]
    return name.strip() or email


def unescape_fully(text: str) -> str:
    """HTML entities decoded until none are left (a few rounds at most): `&amp;#27;` must not
    survive as text that becomes ESC when something unescapes it once more."""
    for _ in range(4):
        if "&" not in text or not _ENTITY_HINT.search(text):
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def unique(names: list[str]) -> list[str]:
    return [n for n in dict.fromkeys(n.strip() for n in names) if n]


def feedparser_html_guess(text: str) -> bool:
    """feedparser's guess that a text/plain RSS element holds HTML (its rule, called)."""
    from feedparser.html import _BaseHTMLProcessor  # noqa: F401  (loads the sanitizer tables)
    from feedparser.mixin import _FeedParserMixin

    return bool(_FeedParserMixin.looks_like_html(text))
