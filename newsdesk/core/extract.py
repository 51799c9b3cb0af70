"""Provides full-article extraction: a web page's bytes to a clean, safe `Extracted` article.

trafilatura does the work; readability-lxml is the fallback when trafilatura finds nothing,
a short text, or less text than the feed's own summary (then the longer text wins). Both are
imported on first use, so launching the desk never loads them. The page is decoded by
core.charset, bounded by core.pagetext, and the result goes through the same sanitiser and
link rules as feed content. Any failure, the extractors' own included, is an ExtractError.
trafilatura is asked for neither links nor formatting, which change the text it picks;
core.inlinemarks carries both through it and puts them back.
"""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsdesk.core.charset import decode_page
from newsdesk.core.dates import parse_date
from newsdesk.core.errors import ExtractError
from newsdesk.core.inlinemarks import (
    Mark,
    mark_inline,
    restore_inline,
    strip_page_marks,
    unmark_tree,
)
from newsdesk.core.pagemeta import page_meta
from newsdesk.core.pagetext import fragment_text, plain, prepare_tree
from newsdesk.core.sanitize import clean_text, sanitize_html, strip_page_controls

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_PAGE_BYTES = 5 * 1024 * 1024  # pages over this are refused, before any parsing
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TITLE_CHARS = 300
# trafilatura runs in its fast mode first (about half the time). Below this many characters
# it has often kept only part of the article (a teaser, one section): then its thorough mode
# and readability are asked too, and the longest text wins. Measured with
# bench/extract_eval.py: mean F1 0.934 -> 0.961 on Mozilla's test pages. Its thorough mode
# on every page would match trafilatura alone on 2 more of them but cost yahoo-2 and yahoo-3
# (F1 0.92 -> 0.58, 0.94 -> 0.47: its fallbacks take the whole page), F1 0.961 -> 0.955.
SHORT_TEXT = 1000
LONGER = 1.1  # readability's text must be this much longer to replace trafilatura's
# trafilatura with include_images picks worse blocks on some pages (image galleries, menus
# with icons; F1 down by up to 0.35 on 9 of 130 test pages), so its images are off
TRAFILATURA_IMAGES = False
_DATE_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate'"
    " or @name='DC.date.issued' or @name='dcterms.created' or @name='date']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
_HIDDEN = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero widths, BOM
_RUNNING_TEXT = frozenset({"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article as extracted from its page; `html` is sanitised, `text` is printable."""

    url: str
    title: str
    author: str
    published: datetime | None  # tz-aware UTC
    html: str
    text: str
    extractor: str  # "trafilatura" or "readability"


@dataclass(frozen=True, slots=True)
class _Candidate:
    html: str
    text: str
    title: str  # readability's guesses; trafilatura's reading is core.pagemeta's
    author: str
    extractor: str


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def check_html(content_type: str | None, data: bytes = b"") -> None:
    """Refuse what is not an HTML page: by its declared type, else by a sniff for binary."""
    kind = media_type(content_type)
    if kind and kind not in HTML_TYPES:
        raise ExtractError(f"not an HTML page: {kind[:80]}")
    if not kind and b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractError("not an HTML page: binary data")


def extract_article(
    data: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    title_hint: str = "",
    summary_hint: str = "",
    max_bytes: int = MAX_PAGE_BYTES,
) -> Extracted:
    """The article in `data` (the page at `url`); `headers` are its HTTP response headers.

    The feed item's title and summary are hints: the title stands in when the page has
    none, and a page text shorter than the summary means the extractor missed the article.
    Raises ExtractError with a one-line reason.
    """
    if len(data) > max_bytes:
        raise ExtractError(f"Page too large: over {max_bytes // (1024 * 1024) or 1} MB")
    content_type = _header(headers, "content-type")
    check_html(content_type, data)
    try:
        return _extract(data, url, content_type, title_hint, summary_hint)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError("The page is nested too deeply to extract") from None
    except MemoryError:
        raise ExtractError("The page is too large to extract") from None
    except Exception as error:  # noqa: BLE001  (an extractor's bug must not end a batch)
        reason = clean_text(str(error))[:120] or type(error).__name__
        raise ExtractError(f"Extraction failed: {reason}") from error


def _extract(
    data: bytes, url: str, content_type: str | None, title_hint: str, summary_hint: str
) -> Extracted:
    _quiet_libraries()
    page = decode_page(data, content_type)
    # terminal escape sequences go whole before the HTML parser, which drops their ESC
    # alone and would leave `[5m` in the title and text for no later pass to recognise
    source = strip_page_controls(page.text)
    root = prepare_tree(strip_page_marks(source, data, page.encoding), url)
    meta = page_meta(root, url)  # before the markers go in
    marks = mark_inline(root)
    floor = len(clean_text(fragment_text(summary_hint))) if summary_hint else 0
    best = _trafilatura(root, url, marks, fast=True)
    other = None
    if best is None or len(best.text) < max(floor, SHORT_TEXT):
        # a short text: trafilatura's own fallbacks (skipped by fast), then readability
        thorough = _trafilatura(root, url, marks)
        if thorough is not None and (best is None or len(thorough.text) > len(best.text)):
            best = thorough
        other = _readability(root, url)
        if other is not None and (best is None or len(other.text) > len(best.text) * LONGER):
            best = other
    if best is None or not best.text:
        raise ExtractError("No article text found on the page")
    if floor and len(best.text) < floor:
        raise ExtractError(
            "No article found on the page: it has less text than the feed's summary "
            "(a cookie wall, a login page or a teaser?)"
        )
    # trafilatura reads titles and authors from the page's metadata: better than
    # readability's guesses even when readability found the better body
    guesses = (meta.title, other.title if other else "", title_hint)
    title = next((_short(t) for t in guesses if _short(t)), "")
    author = _short(meta.author) or _short(other.author if other else "")
    return Extracted(
        url=url,
        title=title,
        author=author,
        published=_published(root) or _day(meta.day),
        html=best.html,
        text=best.text,
        extractor=best.extractor,
    )


def _quiet_libraries() -> None:
    """The extractors log page problems ("discarding data: URL") as warnings; with no handler
    Python prints those on stderr, over the desk's screen or the CLI's output. A NullHandler
    keeps them off stderr; an application that configures logging still receives them."""
    for name in ("trafilatura", "readability", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _trafilatura(
    root: HtmlElement, url: str, marks: list[Mark], fast: bool = False
) -> _Candidate | None:
    """trafilatura's article from the marked `root`, its links and formatting restored."""
    import trafilatura

    document: Any = trafilatura.bare_extraction(
        root,  # trafilatura works on its own copy
        url=url or None,
        with_metadata=False,  # core.pagemeta reads it once, unmarked
        include_comments=False,
        include_tables=True,
        include_images=TRAFILATURA_IMAGES,
        include_links=False,  # links and formatting ride along as markers: core.inlinemarks
        include_formatting=False,
        deduplicate=False,
        fast=fast,
    )
    if document is None or document.body is None:
        return None
    html = _clean_html(restore_inline(_body_html(document.body), marks), url)
    return _Candidate(
        html=html,
        text=fragment_text(html),
        title="",
        author="",
        extractor="trafilatura",
    )


def _readability(root: HtmlElement, url: str) -> _Candidate | None:
    from readability import Document

    tree = copy.deepcopy(root)
    unmark_tree(tree)  # readability keeps links itself
    document = Document(tree, url=url or None)
    raw = document.summary(html_partial=True)
    html = _clean_html(raw, url)
    text = fragment_text(html)
    if not text:
        return None
    return _Candidate(
        html=html,
        text=text,
        title=document.short_title() or "",
        author="" if document.author() in (None, "[no-author]") else document.author(),
        extractor="readability",
    )


def _body_html(body: Any) -> str:
    """trafilatura's article body as HTML, without its <html>/<body> wrapper.

    trafilatura writes every `code` as <pre>, even inside a sentence, where an HTML parser
    ends the paragraph at it ("we use musl's" / "assert.c" / ". That uses" as three
    blocks): a one-line one inside running text becomes <code>.
    """
    from lxml import etree
    from trafilatura.htmlprocessing import convert_to_html

    tree = convert_to_html(body)
    for pre in tree.iter("pre"):
        parent = pre.getparent()
        if parent is not None and parent.tag in _RUNNING_TEXT and "\n" not in pre.xpath("string()"):
            pre.tag = "code"
    inner = tree[0]  # <html><body>…</body></html>
    return (inner.text or "") + "".join(
        etree.tostring(child, encoding="unicode") for child in inner
    )


def _clean_html(fragment: str, url: str) -> str:
    """The sanitised fragment in one Unicode form (NFC, as trafilatura's own text and as
    typed searches), without soft hyphens and zero-width spaces, which split words."""
    # nh3 turns `&#27;` back into ESC, so controls are stripped again afterwards
    html = _HIDDEN.sub("", plain(sanitize_html(fragment, url or None)))
    return unicodedata.normalize("NFC", html).strip()


def _published(root: HtmlElement) -> datetime | None:
    """The publication time from the page's metadata, when it gives a full timestamp."""
    candidates: list[str] = [str(v) for v in root.xpath(_DATE_XPATH)]
    for script in root.iter("script"):
        match = _LD_DATE.search(script.text or "")
        if match:
            candidates.append(match.group(1))
    for value in candidates:
        if "T" not in value and ":" not in value:
            continue  # a bare day: _day() handles it at midnight UTC
        when = _parse(value)
        if when is not None:
            return when
    return None


def _parse(value: str) -> datetime | None:
    try:
        when = parse_date(value[:60])
    except (ValueError, OverflowError, TypeError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return when.astimezone(UTC)


def _day(value: str) -> datetime | None:
    match = _DAY.match(value or "")
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def _short(value: str | None) -> str:
    text = plain(clean_text(value))
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1] + "…"


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
