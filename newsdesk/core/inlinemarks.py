"""Provides links and inline formatting carried through trafilatura as marker characters, so
asking for them never changes which text it keeps.

With `include_links` or `include_formatting`, trafilatura keeps a link or a bold run that
stands alone (a byline, a "related" list, "Jump to navigation") as a paragraph of its own
and trims the space after it ("Netflixand"); without them, its choice of text is the one its
benchmarks measure (on Mozilla's test pages, 13 of 130 came out worse with them). So it runs
without both, and each such element's text starts with one private-use character naming it.
The marker travels with the text; `restore_inline` finds the element's own text after it in
the extracted HTML and wraps it in the tag again. Only an opening marker is set: trafilatura
filters lines such as "Facebook" with patterns that skip leading punctuation but would miss
a trailing marker.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# the supplementary private use areas: no script's letters live there, so a page loses
# nothing when its own are removed (icon fonts use the BMP's private area, kept)
_PLANES = ((0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
MAX_MARKS = sum(last - first + 1 for first, last in _PLANES)
MARKS = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# the same characters as numeric character references (hex F0000-10FFFF; decimal
# 980000-1199999, a little wider), which the HTML parser turns into them
_REFERENCES = re.compile(
    r"&#(?:[xX]0*(?:[fF]|10)[0-9a-fA-F]{4}(?![0-9a-fA-F])|0*(?:9[89]|1[01]\d)\d{4}(?!\d));?"
)
# the tags trafilatura's formatting option keeps (its REND_TAG_MAPPING) and links
FORMAT_TAGS = ("b", "strong", "i", "em", "u", "sub", "sup", "kbd", "samp", "tt", "var")
# what may lie inside a restored element; any other tag is a block boundary it may not cross
_INLINE = frozenset({"br", "del", "s", "code", "span", "a", *FORMAT_TAGS})
_TOKEN = re.compile(
    "(<[^>]*>)|(&#?[A-Za-z0-9]{1,10};)|(\\s+)|([\U000f0000-\U000ffffd\U00100000-\U0010fffd])"
    "|[^<&\\s\U000f0000-\U000ffffd\U00100000-\U0010fffd]+"
)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")


@dataclass(frozen=True, slots=True)
class Mark:
    """One marked element: its tag, its address (links) and its text without whitespace."""

    tag: str
    href: str
    text: str


def strip_page_marks(source: str, data: bytes, encoding: str) -> str:
    """A page's HTML source (`data` decoded as `encoding`) without marker characters, as
    characters or as references: removed before any are set, so the page's own cannot pass
    for ours. In UTF-8 such a character starts with byte F3 or F4: a page without either
    is not searched character by character (4 ms a megabyte)."""
    if encoding != "utf-8" or b"\xf3" in data or b"\xf4" in data:
        source = MARKS.sub("", source)
    return _REFERENCES.sub("", source)


def _char(index: int) -> str:
    for first, last in _PLANES:
        if index <= last - first:
            return chr(first + index)
        index -= last - first + 1
    raise IndexError(index)


def _index(char: str) -> int:
    code = ord(char)
    offset = 0
    for first, last in _PLANES:
        if first <= code <= last:
            return offset + code - first
        offset += last - first + 1
    raise ValueError(char)


def mark_inline(root: HtmlElement) -> list[Mark]:
    """Put a marker before the text of every link with an address and every formatting
    element in `root` (in place); the marks, the n-th for marker n. The marker goes on the
    element's first words, wherever they sit (a link around a heading: the heading's text),
    so it stays with them. Elements without text (a linked image) are left alone: a marker
    would make them look like text."""
    found: list[tuple[HtmlElement, Mark]] = []
    for element in root.iter("a", *FORMAT_TAGS):
        if len(found) >= MAX_MARKS:
            break
        href = element.get("href") or "" if element.tag == "a" else ""
        if element.tag == "a" and not href:
            continue
        text = "".join(element.text_content().split())
        if text:
            found.append((element, Mark(str(element.tag), href, text)))
    # inner elements first, each marker put in front: an outer element's marker comes first
    for index in range(len(found) - 1, -1, -1):
        _prepend(found[index][0], _char(index))
    return [mark for _, mark in found]


def _prepend(element: HtmlElement, marker: str) -> None:
    """Put `marker` at the start of the first text inside `element` that is not blank."""
    from lxml import etree

    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.text and not node.text.isspace():
                node.text = marker + node.text
                return
        elif node is not element and node.tail and not node.tail.isspace():
            node.tail = marker + node.tail
            return


def unmark_tree(root: HtmlElement) -> None:
    """Remove every marker from `root`'s text (in place), for an extractor that keeps tags."""
    for element in root.iter():
        if element.text and MARKS.search(element.text):
            element.text = MARKS.sub("", element.text)
        if element.tail and MARKS.search(element.tail):
            element.tail = MARKS.sub("", element.tail)


def restore_inline(fragment: str, marks: list[Mark]) -> str:
    """Extracted HTML with each marked element's text wrapped in its tag again.

    The text after a marker must be the element's own (whitespace and tags aside) and must
    not cross a block boundary; otherwise the text stays, unwrapped. The result still goes
    through the sanitiser, which checks every address again.
    """
    edits: list[tuple[int, int, int, str]] = []  # (position, closes first, order, text)
    for marker in MARKS.finditer(fragment):
        index = _index(marker.group())
        mark = marks[index] if index < len(marks) else None
        end = _end_of(fragment, marker.end(), mark.text) if mark else None
        if mark is None or end is None:
            continue
        position = marker.start()
        if mark.tag == "a":
            opening = f'<a href="{html.escape(mark.href, quote=True)}">'
        else:
            opening = f"<{mark.tag}>"
        edits.append((position, 1, position, opening))
        edits.append((end, 0, -position, f"</{mark.tag}>"))
    if not edits:
        return MARKS.sub("", fragment)
    edits.sort()
    out: list[str] = []
    last = 0
    for position, _, _, text in edits:
        out.append(fragment[last:position])
        out.append(text)
        last = position
    out.append(fragment[last:])
    return MARKS.sub("", "".join(out))


def _end_of(fragment: str, position: int, wanted: str) -> int | None:
    """The position in `fragment` just after `wanted` (text without whitespace), read from
    `position` over whitespace, markers and inline tags; None when the text differs or a
    block tag comes first. The work is the length of the element's own text."""
    matched = 0
    for token in _TOKEN.finditer(fragment, position):
        tag, entity, space, marker = token.groups()
        if space or marker:
            continue
        if tag:
            name = _TAG_NAME.match(tag)
            if name is None or name.group(1).lower() not in _INLINE:
                return None
            continue
        run = html.unescape(entity) if entity else token.group()
        rest = len(wanted) - matched
        if len(run) >= rest:
            if run[:rest] != wanted[matched:]:
                return None
            return token.end() if entity else token.start() + rest
        if wanted[matched : matched + len(run)] != run:
            return None
        matched += len(run)
    return None
