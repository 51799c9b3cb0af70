"""Provides the cleaning every string from a feed passes before it is stored or shown.

Feed text is untrusted: control and escape sequences must never reach the terminal and
links may only point at the web or a mail address.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

if TYPE_CHECKING:
    import nh3

# C0 (except tab/newline), DEL and C1 controls; ESC among them ends every escape sequence.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# whole terminal escape sequences, removed before their control characters so no "[31m" or
# "]8;;http://…" is left behind as text: CSI (colours, cursor), OSC / DCS / SOS / PM / APC
# strings up to their BEL or ST (titles, hyperlinks), and the short ESC sequences; bounded,
# so hostile text cannot make a match expensive
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,64}[ -/]{0,16}[@-~]"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]{0,16}[0-~]"
)
_INTRODUCER = re.compile(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]")
_SPACE = re.compile(r"\s+")
# bidi controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI), zero-width characters and the BOM
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_TAB_NEWLINE = re.compile(r"[\t\r\n]")
_WEB_WITH_SPACES = re.compile(r"(?i)https?://[^\s/?#]+[/?#][^\t\n\r\f\v]*\Z")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
OPENABLE_SCHEMES = frozenset({"http", "https"})
# absolute http(s) URLs that unescaping, control stripping and urljoin all leave unchanged
_PLAIN_WEB_URL = re.compile(
    r"(https?)://[A-Za-z0-9\-._~%!$'()*+,=@]+(?::[0-9]*)?"
    r"(?:[/?#][A-Za-z0-9\-._~%!$'()*+,=:@/?#]*)?\Z"
)

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "div": {"class"},
    "p": {"class"},
    "ol": {"start"},
}


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences whole, then C0/C1 control characters (ESC, BEL, OSC
    introducers), keeping tabs and newlines. Most text has none: one scan says so."""
    if not _CONTROL.search(text):  # every escape introducer is a control character
        return text
    if _INTRODUCER.search(text):
        text = _ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


# a numeric character reference to a C0 control or DEL (HTML maps 0x80-0x9F to printable
# windows-1252 characters, so those stay references)
_CONTROL_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,2})|0*([0-9]{1,3}));?")


def strip_page_controls(source: str) -> str:
    """strip_controls for an HTML page's source, where `&#27;[31m` is an escape sequence
    too: a parser would make the ESC of the reference and drop it, leaving `[31m` as text."""
    if "&#" in source:
        source = _CONTROL_REFERENCE.sub(_control_reference, source)
    if "\r" in source:  # line breaks and page breaks are whitespace to HTML: kept as such
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in source or "\x0c" in source:
        source = source.replace("\x0b", " ").replace("\x0c", " ")
    return strip_controls(source)


def _control_reference(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if (code < 0x20 and code not in (0x09, 0x0A, 0x0C, 0x0D)) or code == 0x7F:
        return chr(code)  # left for strip_controls, which removes it with its sequence
    return match.group()


def strip_invisible(text: str) -> str:
    """Remove bidi embeddings, overrides, isolates and marks and zero-width characters:
    they reorder or hide text on a terminal ("Trojan Source") and carry no letters, so
    right-to-left words themselves stay as they are."""
    return _INVISIBLE.sub("", text)


def clean_block(text: str | None) -> str:
    """Multi-line text (a quote, a note): controls and invisible characters removed,
    lines kept."""
    return strip_invisible(strip_controls(text)) if text else ""


def clean_line(text: str | None, limit: int = 0) -> str:
    """One-line text from outside, cleaned as clean_text and cut to `limit` characters
    (0: no limit), an ellipsis marking the cut."""
    line = clean_text(text)
    return line if not limit or len(line) <= limit else line[: limit - 1].rstrip() + "…"


def unescape(text: str) -> str:
    """html.unescape, its module (~1 ms to load) loaded only for a text with an entity: the
    first frame's plain titles never need it."""
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def clean_text(text: str | None) -> str:
    """One-line display text: entities decoded, controls and invisible characters removed,
    whitespace folded."""
    if not text:
        return ""
    if text.isascii() and text.isprintable() and "&" not in text:
        return " ".join(text.split())  # nothing to decode or remove: the same, in one pass
    text = strip_invisible(strip_controls(unescape(text)))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def lower_scheme_and_host(url: str) -> str:
    """The URL with its scheme and host in lower case, which name the same resource in any
    case (`HTTP://Example.com/a` is `http://example.com/a`): one feed is not subscribed
    twice. The path keeps its case, and a URL already in that form comes back unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = userinfo + at + hostport.lower()
    if parts.scheme.islower() and netloc == parts.netloc:
        return url
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def safe_url(
    url: str | None, base: str | None = None, schemes: frozenset[str] = SAFE_SCHEMES
) -> str:
    """The URL if its scheme is allowed, else "": decoded first so `JaVaScRiPt&#58;` is caught."""
    if not url:
        return ""
    plain = _PLAIN_WEB_URL.match(url)
    if plain and "?#" not in url and url[-1] not in "?#":
        return url if plain.group(1) in schemes else ""  # the slow path's answer, 10x sooner
    # browsers drop tabs and newlines inside a URL; a space left inside is not a URL we guess
    candidate = _TAB_NEWLINE.sub("", clean_block(unescape(url))).strip()
    if _WEB_WITH_SPACES.match(candidate):
        candidate = candidate.replace(" ", "%20")  # `https://host/My Episode.mp3`
    if not candidate or _SPACE.search(candidate):
        return ""
    try:
        if base and urlsplit(base).scheme in OPENABLE_SCHEMES:
            candidate = urljoin(base, candidate)
        parts = urlsplit(candidate)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return ""  # `http://[bad`, `http://host:port`: invalid, never repaired into a guess
    if parts.scheme.lower() in OPENABLE_SCHEMES and not parts.hostname:
        return ""
    return candidate if parts.scheme.lower() in schemes else ""


MAX_DEPTH = 200  # deeper elements lose their tags (their text stays)
MAX_BODY_CHARS = 2 * 1024 * 1024
CUT_NOTE = "[The rest of this article was cut: it is too long to keep]"
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,63})")
# void elements never nest; these close themselves when a sibling opens, so counting them
# would flatten a long article of unclosed <p>s
_UNCOUNTED = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option".split()
)


def bound_html(fragment: str, max_depth: int = MAX_DEPTH, max_chars: int = MAX_BODY_CHARS) -> str:
    """HTML nh3 can clean in bounded time: cut to `max_chars` (a visible note says so) and
    tags nested deeper than `max_depth` dropped, their text kept. nh3's work grows faster
    than the square of the nesting depth, so this runs before it."""
    if len(fragment) > max_chars:
        cut = fragment.rfind("<", 0, max_chars)
        fragment = fragment[: cut if cut > max_chars // 2 else max_chars]
        fragment += f"<p>{CUT_NOTE}</p>"
    if fragment.count("<") <= max_depth:
        return fragment  # cannot nest that deep
    depth = 0
    out: list[str] = []
    last = 0
    deep = False
    close = -1  # the next `>`: found once per stretch, so a run of `<` without one is linear
    for match in _TAG_START.finditer(fragment):
        if close < match.end():
            close = fragment.find(">", match.end())
            if close < 0:
                break  # no tag ends after here: the rest is text to the HTML parser
        if match.start() < last:
            continue
        closing, name = match[1], match[2].lower()
        if name in _UNCOUNTED or fragment[close - 1] == "/":
            continue
        if closing:
            drop = depth > max_depth
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > max_depth
        if drop:
            deep = True
            out.append(fragment[last : match.start()])
            out.append(" ")
            last = close + 1
    if not deep:
        return fragment
    out.append(fragment[last:])
    return "".join(out)


def sanitize_html(fragment: str | None, base: str | None = None) -> str:
    """Feed HTML reduced to structure we render; scripts, styles and unsafe links removed."""
    if not fragment:
        return ""
    cleaner = _cleaner()
    _LINKS.base = base  # for _keep, called back on this thread while this fragment is cleaned
    try:
        return cleaner.clean(bound_html(strip_controls(fragment)))
    finally:
        _LINKS.base = None


def _keep(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: links and images only to safe URLs, made absolute against
    the base of the fragment being cleaned."""
    if attr in ("href", "src"):
        return safe_url(value, getattr(_LINKS, "base", None)) or None
    return value


# The nh3 Cleaners are built on first use (nh3 loads then, off the way to the first frame),
# once: nh3.clean converts its tag and attribute sets for every call, two thirds of the time
# it takes on a feed item's body. The filter is fixed at build time, so the base it resolves
# links against is handed over per thread (feeds are parsed in threads in the desk).
_LINKS = threading.local()


@cache
def _cleaner() -> nh3.Cleaner:
    import nh3

    return nh3.Cleaner(
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep,
    )


@cache
def _tag_stripper() -> nh3.Cleaner:
    import nh3

    return nh3.Cleaner(tags=set())


def strip_tags(fragment: str) -> str:
    """The text of an HTML fragment, every tag dropped (its text kept), entities as nh3
    leaves them."""
    return _tag_stripper().clean(fragment)
