"""Provides ArticleReader: the open article as clean terminal text, header first, links last."""

from __future__ import annotations

import math
from datetime import datetime

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from newsdesk.core.models import Article, Feed
from newsdesk.core.render import Block, RenderedArticle
from newsdesk.ui.safe import safe_block, safe_text

WORDS_PER_MINUTE = 230
EMPTY_READER = "Select an article and press enter to read it here."
_SPAN_CLASS = {
    "bold": "reader--bold", "italic": "reader--italic", "code": "reader--code",
    "link": "reader--link", "link-number": "reader--link-number", "image": "reader--image",
    "underline": "reader--underline", "strike": "reader--strike",
}


class ArticleReader(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]
    COMPONENT_CLASSES = {
        "reader--title", "reader--meta", "reader--url", "reader--heading", "reader--quote",
        "reader--code", "reader--bold", "reader--italic", "reader--link",
        "reader--link-number", "reader--image", "reader--underline", "reader--strike",
        "reader--marker", "reader--rule", "reader--empty",
    }

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="reader-header")
        yield Static(id="reader-body")

    def on_mount(self) -> None:
        self.show_message(Text(EMPTY_READER, self._style("reader--empty")))

    def show_message(self, text: Text) -> None:
        self.query_one("#reader-header", Static).display = False
        self.query_one("#reader-body", Static).update(text)
        self.scroll_home(animate=False)

    def show_article(self, article: Article, feed: Feed | None, rendered: RenderedArticle) -> None:
        header = self.query_one("#reader-header", Static)
        header.update(self._header(article, feed, rendered))
        header.display = True
        self.query_one("#reader-body", Static).update(self._body(rendered))
        self.scroll_home(animate=False)

    def _style(self, name: str):  # type: ignore[no-untyped-def]
        return self.get_component_rich_style(name, partial=True)

    def _header(self, article: Article, feed: Feed | None, rendered: RenderedArticle) -> Text:
        minutes = max(1, math.ceil(rendered.word_count / WORDS_PER_MINUTE))
        meta = [feed.display_title if feed else "", article.author,
                _date(article.published), f"{minutes} min read"]
        text = safe_text(article.title, self._style("reader--title"))
        text.append("\n")
        text.append_text(safe_text(" · ".join(m for m in meta if m), self._style("reader--meta")))
        if article.link:
            text.append("\n")
            text.append_text(safe_text(article.link, self._style("reader--url")))
        return text

    def _body(self, rendered: RenderedArticle) -> RenderableType:
        parts: list[RenderableType] = []
        for n, block in enumerate(rendered.blocks):
            parts.append(self._block(block))
            following = rendered.blocks[n + 1] if n + 1 < len(rendered.blocks) else None
            tight = block.kind == "item" and following is not None and following.kind == "item"
            if not tight:
                parts.append(Text(""))
        if rendered.links:
            parts.append(Text("Links", self._style("reader--heading")))
            for number, url in enumerate(rendered.links, 1):
                line = Text(f"[{number}] ", self._style("reader--link-number"))
                line.append_text(safe_text(url, self._style("reader--url")))
                parts.append(line)
        if not rendered.blocks:
            parts.insert(0, Text("This article has no body text; press o to open it in the "
                                 "browser.", self._style("reader--empty")))
        return Group(*parts)

    def _styled(self, block: Block, base: str = "") -> Text:
        text = safe_block(block.text, self._style(base) if base else "")
        text.end = "\n"
        for start, end, span in block.spans:
            name = _SPAN_CLASS.get(span)
            if name:
                text.stylize(self._style(name), start, end)
        return text

    def _block(self, block: Block) -> RenderableType:
        if block.kind == "heading":
            return self._styled(block, "reader--heading")
        if block.kind == "quote":
            quote = self._styled(block, "reader--quote")
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=block.level * 2 - 1, style=self._style("reader--marker"))
            grid.add_column(ratio=1)
            grid.add_row("▌" * block.level, quote)
            return grid
        if block.kind == "item":
            grid = Table.grid()
            grid.add_column(width=2 * (block.level - 1) + len(block.marker),
                            style=self._style("reader--marker"))
            grid.add_column(ratio=1)
            grid.add_row(" " * 2 * (block.level - 1) + block.marker, self._styled(block))
            return grid
        if block.kind in ("code", "table"):
            styled = self._styled(block, "reader--code")
            styled.no_wrap = True
            styled.overflow = "ellipsis"
            return Padding(styled, (0, 0, 0, 2))
        if block.kind == "rule":
            return Text("─" * 24, self._style("reader--rule"))
        if block.kind == "caption":
            return Padding(self._styled(block, "reader--meta"), (0, 0, 0, 2))
        return self._styled(block)


def _date(when: datetime) -> str:
    return when.strftime("%a %d %b %Y %H:%M UTC")
