"""Provides render_article: sanitised article HTML -> a list of text blocks with style spans.

Blocks carry plain text plus abstract span styles ("bold", "italic", "code", "link"), so the
UI decides colours from its theme and annotation code can address passages by offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from newsdesk.core.sanitize import (
    OPENABLE_SCHEMES,
    bound_html,
    clean_text,
    safe_url,
    strip_controls,
)

MAX_RENDER_CHARS = 1024 * 1024  # of HTML: far more than any article a person reads
MAX_BLOCKS = 3000
MAX_DEPTH = 100  # deeper tags lose their structure; keeps the tree walk's recursion small
CUT_LINE = "[The rest of this article was cut: it is too long to show]"

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "li",
    "pre",
    "table",
    "hr",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "aside",
    "main",
    "nav",
}
_INLINE_STYLE = {
    "b": "bold",
    "strong": "bold",
    "em": "italic",
    "i": "italic",
    "cite": "italic",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "mark": "bold",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head"}


@dataclass(slots=True)
class Block:
    kind: str  # heading | paragraph | quote | item | code | table | rule | caption
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    level: int = 0  # heading level, or list/quote nesting depth
    marker: str = ""  # "• " or "3. " for list items


@dataclass(slots=True)
class RenderedArticle:
    blocks: list[Block]
    links: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    def plain_map(self) -> tuple[str, list[int]]:
        """The text without the reader's link numbers, and for each of its characters the
        offset of that character in `text` (plus one entry for the end)."""
        text = self.text
        kept: list[int] = []
        at = 0
        for s, e in self._link_number_ranges():
            kept.extend(range(at, max(at, s)))
            at = max(at, e)
        kept.extend(range(at, len(text)))
        return "".join(text[i] for i in kept), kept + [len(text)]

    def _link_number_ranges(self) -> list[tuple[int, int]]:
        cuts: list[tuple[int, int]] = []
        offset = 0
        for block in self.blocks:
            cuts += [(s + offset, e + offset) for s, e, st in block.spans if st == "link-number"]
            offset += len(block.text) + 2
        return sorted(cuts)

    def plain(self, start: int, end: int) -> str:
        """`text[start:end]` without the reader's link numbers (`[2]`): what a quote of the
        article says, for copying and exporting."""
        text = self.text
        out: list[str] = []
        at = start
        for s, e in self._link_number_ranges():
            if e <= at or s >= end:
                continue
            out.append(text[at:s])
            at = max(at, e)
        out.append(text[at:end])
        return "".join(out)

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


class _Builder:
    def __init__(self, base: str) -> None:
        self.base = base
        self.blocks: list[Block] = []
        self.links: list[str] = []
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []
        self.styles: list[str] = []
        self.context: list[tuple[str, int, str]] = []  # (kind, level, marker)
        self.pre = 0

    # inline text -------------------------------------------------------------------------
    def add_text(self, text: str | None) -> None:
        if not text:
            return
        text = strip_controls(text)
        if not self.pre:
            core = " ".join(text.split())
            lead = " " if text[0].isspace() else ""
            trail = " " if text[-1].isspace() and core else ""
            text = lead + core + trail
            if text.startswith(" ") and (not self.parts or self.parts[-1].endswith((" ", "\n"))):
                text = text[1:]
            if not text:
                return
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        for style in self.styles:
            self.spans.append((start, self.length, style))

    def flush(self) -> None:
        text = "".join(self.parts)
        if self.pre:
            stripped = text.strip("\n")
            offset = len(text) - len(text.lstrip("\n"))
        else:
            stripped = text.strip()
            offset = len(text) - len(text.lstrip())
        if stripped:
            kind, level, marker = self.context[-1] if self.context else ("paragraph", 0, "")
            if self.pre:
                kind = "code"
            spans = [
                (max(0, s - offset), min(len(stripped), e - offset), st)
                for s, e, st in self.spans
                if e - offset > 0 and s - offset < len(stripped)
            ]
            self.blocks.append(Block(kind, stripped, spans, level, marker))
            if marker.strip():
                # only the first block of a list item shows the bullet
                blank = " " * len(marker)
                self.context = [(k, lv, blank if m == marker else m) for k, lv, m in self.context]
        self.parts, self.spans, self.length = [], [], 0

    # tree walk ---------------------------------------------------------------------------
    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not tag:
            self.add_text(element.tail)
            return
        handler = getattr(self, f"tag_{tag}", None)
        if handler is not None:
            handler(element)
        elif tag in _BLOCK_TAGS:
            self.block(element, *self._block_context(tag))
        else:
            style = _INLINE_STYLE.get(tag)
            if style:
                self.styles.append(style)
            self.children(element)
            if style:
                self.styles.pop()
        if element.getparent() is not None:
            self.add_text(element.tail)

    def children(self, element: etree._Element) -> None:
        self.add_text(element.text)
        for child in element:
            self.walk(child)

    def _block_context(self, tag: str) -> tuple[str, int, str]:
        outer = self.context[-1] if self.context else ("paragraph", 0, "")
        if tag.startswith("h") and len(tag) == 2:
            return ("heading", int(tag[1]), "")
        if tag == "figcaption":
            return ("caption", outer[1], "")
        if outer[0] in ("quote", "item"):
            return (outer[0], outer[1], outer[2])
        return ("paragraph", 0, "")

    def block(self, element: etree._Element, kind: str, level: int, marker: str) -> None:
        self.flush()
        self.context.append((kind, level, marker))
        self.children(element)
        self.flush()
        self.context.pop()

    def tag_blockquote(self, element: etree._Element) -> None:
        depth = sum(1 for k, _, _ in self.context if k == "quote") + 1
        self.block(element, "quote", depth, "")

    def _list(self, element: etree._Element, ordered: bool) -> None:
        self.flush()
        depth = sum(1 for k, _, _ in self.context if k == "item") + 1
        start = element.get("start")
        number = int(start) if start and start.isdigit() else 1
        for child in element:
            if isinstance(child.tag, str) and child.tag.lower() == "li":
                marker = f"{number}. " if ordered else "• "
                self.block(child, "item", depth, marker)
                number += 1
            else:
                self.walk(child)
        self.flush()

    def tag_ul(self, element: etree._Element) -> None:
        self._list(element, ordered=False)

    def tag_ol(self, element: etree._Element) -> None:
        self._list(element, ordered=True)

    def tag_pre(self, element: etree._Element) -> None:
        self.flush()
        self.pre += 1
        self.context.append(("code", 0, ""))
        self.add_text(element.text_content())
        self.flush()
        self.context.pop()
        self.pre -= 1

    def tag_br(self, element: etree._Element) -> None:
        self.parts.append("\n")
        self.length += 1

    def tag_hr(self, element: etree._Element) -> None:
        self.flush()
        self.blocks.append(Block("rule", "―" * 3))

    def tag_a(self, element: etree._Element) -> None:
        href = safe_url(element.get("href"), self.base)
        start = self.length
        self.styles.append("link")
        self.children(element)
        self.styles.pop()
        if href and urlsplit_scheme(href) in OPENABLE_SCHEMES | {"mailto"}:
            if href not in self.links:
                self.links.append(href)
            number = self.links.index(href) + 1
            if self.length > start:
                self.add_styled(f"[{number}]", "link-number")

    def tag_img(self, element: etree._Element) -> None:
        src = safe_url(element.get("src"), self.base)
        alt = clean_text(element.get("alt"))
        width = element.get("width")
        if width == "1" or (not alt and not src):
            return  # tracking pixels carry nothing to read
        label = f"[image: {alt or 'untitled'}]"
        if src:
            if src not in self.links:
                self.links.append(src)
            label += f"[{self.links.index(src) + 1}]"
        self.add_styled(label, "image")

    def add_styled(self, text: str, style: str) -> None:
        self.styles.append(style)
        self.add_text(text)
        self.styles.pop()

    def tag_table(self, element: etree._Element) -> None:
        self.flush()
        rows: list[list[str]] = []
        for tr in element.iter("tr"):
            cells = [clean_text(c.text_content()) for c in tr if c.tag in ("td", "th")]
            if cells:
                rows.append(cells)
        if not rows:
            return
        columns = max(len(r) for r in rows)
        widths = [max((len(r[i]) if i < len(r) else 0) for r in rows) for i in range(columns)]
        widths = [min(w, 40) for w in widths]
        lines = []
        for n, row in enumerate(rows):
            padded = [
                (row[i] if i < len(row) else "")[: widths[i]].ljust(widths[i])
                for i in range(columns)
            ]
            lines.append(" │ ".join(padded).rstrip())
            if n == 0:
                lines.append("─┼─".join("─" * w for w in widths))
        text = "\n".join(lines)
        header_end = len(lines[0])
        self.blocks.append(Block("table", text, [(0, header_end, "bold")]))


def urlsplit_scheme(url: str) -> str:
    return url.split(":", 1)[0].lower() if ":" in url else ""


def render_article(html: str, base: str = "") -> RenderedArticle:
    """Blocks for the reader. A body too long or too deeply nested renders what can be shown
    (its first MAX_BLOCKS blocks, structure below MAX_DEPTH flattened) and ends with
    CUT_LINE; a body lxml cannot parse shows its text, so the reader is never empty."""
    if not html or not html.strip():
        return RenderedArticle([], [])
    cut = len(html) > MAX_RENDER_CHARS
    if cut:
        end = html.rfind("<", 0, MAX_RENDER_CHARS)
        html = html[: end if end > MAX_RENDER_CHARS // 2 else MAX_RENDER_CHARS]
    html = bound_html(html, MAX_DEPTH, MAX_RENDER_CHARS + 1)
    builder = _Builder(base)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        builder.children(root)
        builder.flush()
    except (etree.ParserError, ValueError, RecursionError):
        builder = _Builder(base)
        builder.add_text(_plain_text(html))
        builder.flush()
    blocks = builder.blocks
    if len(blocks) > MAX_BLOCKS:
        blocks, cut = blocks[:MAX_BLOCKS], True
    if cut:
        blocks.append(Block("paragraph", CUT_LINE))
    return RenderedArticle(blocks, builder.links)


def _plain_text(html: str) -> str:
    import re

    return re.sub(r"<[^<>]*>", " ", html)
