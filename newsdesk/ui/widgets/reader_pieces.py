"""Provides the reader's pieces as Rich renderables: the article header and each body block.

They are pure functions of the article and the reader's styles, so ArticleReader keeps only
what is stateful: laying the pieces out in lines, the passage cursor and the marks. A block
is painted with its inline spans, then with the given layers (highlights, then the cursor or
selection on top), each a (start, end, component class) in the article's global offsets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from newsdesk.core.models import Article, Feed
from newsdesk.ui.safe import safe_block, safe_text

if TYPE_CHECKING:  # lxml loads with the renderer, on the first open
    from newsdesk.core.render import Block, RenderedArticle

StyleOf = Callable[[str], Style]

WORDS_PER_MINUTE = 230
VERSION_LABELS = {"feed": "feed text", "full": "full text"}
SUMMARY_HINT = "This looks like a summary: {key} fetches the full article"
_SPAN_CLASS = {
    "bold": "reader--bold",
    "italic": "reader--italic",
    "code": "reader--code",
    "link": "reader--link",
    "link-number": "reader--link-number",
    "image": "reader--image",
    "underline": "reader--underline",
    "strike": "reader--strike",
}


def header(
    article: Article,
    feed: Feed | None,
    rendered: RenderedArticle,
    style: StyleOf,
    version: str = "",
    summary_hint: str = "",
    address: bool = True,
) -> Group:
    """Title; feed · author · date · reading time · version; the address; the summary hint.

    `version` is "feed" or "full" ("" says nothing); `summary_hint` is the key that fetches
    the full article, "" for no hint line; `address` False leaves the address and the feed's
    name out (a compare pane, whose border names the outlet)."""
    minutes = max(1, math.ceil(rendered.word_count / WORDS_PER_MINUTE))
    meta = [
        feed.display_title if feed and address else "",
        article.author,
        _date(article.published),
        f"{minutes} min read",
        VERSION_LABELS.get(version, ""),
    ]
    rest = Text(end="")
    if article.link and address:
        rest.append_text(safe_text(article.link, style("reader--url")))
    if summary_hint:
        if rest:
            rest.append("\n")
        hint = SUMMARY_HINT.format(key=summary_hint)
        rest.append_text(safe_text(hint, style("reader--meta")))
    parts = [safe_text(m, style("reader--meta")) for m in meta if m]
    title = safe_text(article.title, style("reader--title"))
    title.end = "\n"  # in a Group the next piece starts on the line a Text ends on
    pieces: list[RenderableType] = [title, Parts(parts, Text(" · ", style("reader--meta")))]
    return Group(*pieces, rest) if rest else Group(*pieces)


class Parts:
    """Pieces of one line joined by a separator, which breaks between pieces and not inside
    one ("2 min read", "Tue 24 Nov 2026 08:05 UTC" stay whole on a narrow pane); a piece
    wider than the line is wrapped on its own."""

    def __init__(self, parts: list[Text], separator: Text) -> None:
        self.parts = parts
        self.separator = separator

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = Text(end="")
        for part in self.parts:
            if line and line.cell_len + self.separator.cell_len + part.cell_len > width:
                yield from _lines(line, console, width)
                line = Text(end="")
            if line:
                line.append_text(self.separator)
            line.append_text(part)
        if line:
            yield from _lines(line, console, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [p.cell_len for p in self.parts]
        whole = sum(widths) + self.separator.cell_len * max(0, len(widths) - 1)
        return Measurement(max(widths, default=0), whole)


def _lines(line: Text, console: Console, width: int) -> list[Text]:
    wrapped = list(line.wrap(console, width))
    for piece in wrapped:
        piece.end = "\n"
    return wrapped


def block_piece(
    block: Block, offset: int, layers: Iterable[tuple[int, int, str]], style: StyleOf
) -> RenderableType:
    """One block as it is shown: `offset` is where its text starts in the article's text."""
    painted = list(layers)

    def text_of(base: str = "") -> Text:
        return _block_text(block, offset, painted, style, base)

    if block.kind == "heading":
        return text_of("reader--heading")
    if block.kind == "quote":
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=block.level * 2 - 1, style=style("reader--marker"))
        grid.add_column(ratio=1)
        grid.add_row("▌" * block.level, text_of("reader--quote"))
        return grid
    if block.kind == "item":
        grid = Table.grid()
        indent = " " * 2 * (block.level - 1)
        grid.add_column(width=len(indent) + len(block.marker), style=style("reader--marker"))
        grid.add_column(ratio=1)
        grid.add_row(indent + block.marker, text_of())
        return grid
    if block.kind in ("code", "table"):
        styled = text_of("reader--code")
        styled.no_wrap = True
        styled.overflow = "ellipsis"
        return Padding(styled, (0, 0, 0, 2))
    if block.kind == "rule":
        return Text("─" * 24, style("reader--rule"))
    if block.kind == "caption":
        return Padding(text_of("reader--meta"), (0, 0, 0, 2))
    return text_of()


def _block_text(
    block: Block, offset: int, layers: list[tuple[int, int, str]], style: StyleOf, base: str
) -> Text:
    text = safe_block(block.text, style(base) if base else "")
    for start, end, span in block.spans:
        name = _SPAN_CLASS.get(span)
        if name:
            text.stylize(style(name), start, end)
    limit = len(block.text)
    for start, end, name in layers:
        a, b = start - offset, end - offset
        if b > 0 and a < limit:
            text.stylize(style(name), max(0, a), min(limit, b))
    return text


def _date(when: datetime) -> str:
    return when.strftime("%a %d %b %Y %H:%M UTC")
