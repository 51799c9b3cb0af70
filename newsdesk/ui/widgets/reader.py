"""Provides ArticleReader: the open article as clean terminal text with a passage cursor.

The article is rendered once into lines (Textual's line API: a ScrollView painting only
the visible lines), remembering which lines each block (paragraph, heading, item ...) took.
Moving the cursor or adding a highlight re-renders one or two blocks' lines in place: no
widgets are mounted and no layout is recomputed, which keeps every key well under a frame.
Offsets are global: into the article text with blocks joined by a blank line, the same text
highlights are anchored against. The pieces themselves (header, blocks) come from
reader_pieces; numbered links and attachments from reader_lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip

from newsdesk.core.attachments import describe, openable
from newsdesk.core.enclosure import Enclosure
from newsdesk.core.models import Article, Feed
from newsdesk.ui.widgets.line_view import LineView
from newsdesk.ui.widgets.reader_lists import numbered_list
from newsdesk.ui.widgets.reader_pieces import block_piece, header

if TYPE_CHECKING:  # lxml loads with the renderer, on the first open
    from newsdesk.core.render import Block, RenderedArticle
    from newsdesk.ui.widgets.records import Mark, Passage

EMPTY_READER = "Select an article and press enter to read it here."
BLOCK_GAP = 2  # "\n\n" between blocks in the canonical text
HIGHLIGHT_KINDS = ("highlight", "quote", "claim", "question", "fact-check")
COMPARE_KINDS = ("unique", "disputed")  # the compare view's marks (no id: not highlights)


class ArticleReader(LineView, can_focus=True):
    COMPACT_HEADER = False  # title and meta only, the text right below (the compare panes)
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("slash", "screen.find_in_article", "Find in the article", id="reader.find"),
    ]
    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--url",
        "reader--heading",
        "reader--quote",
        "reader--code",
        "reader--bold",
        "reader--italic",
        "reader--link",
        "reader--link-number",
        "reader--image",
        "reader--underline",
        "reader--strike",
        "reader--marker",
        "reader--rule",
        "reader--empty",
        "reader--cursor",
        "reader--selection",
    } | {f"reader--hl-{kind}" for kind in (*HIGHLIGHT_KINDS, *COMPARE_KINDS)}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rendered: RenderedArticle | None = None
        self.attachments: list[Enclosure] = []  # numbered after the links, as in `l`
        self.block_starts: list[int] = []
        self.passages: list[Passage] = []
        self.marks: list[Mark] = []
        self.cursor = 0
        self.selection_start: int | None = (
            None  # selection start (passage index) while `v` is active
        )
        self._cursor_blocks: set[int] = set()
        self._pieces: list[tuple[RenderableType, int | None, bool]] = []  # (what, block, gap)
        self._block_lines: dict[int, tuple[int, int]] = {}  # block -> (first line, count)
        self._shown: tuple[Article, Feed | None] | None = None
        self._message: Text | None = None  # None: the empty reader's own message
        self.version = ""  # which text of the article the header names ("" for none)
        self.summary_hint = ""

    def on_mount(self) -> None:
        self.show_message(None)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """The rendered lines carry the old theme's colours: render them again, keeping the
        passage cursor, the selection and the scroll position."""
        y = self.scroll_offset.y
        if self.rendered is not None and self._shown is not None:
            self._build(*self._shown)
        else:
            self.show_message(self._message)
        self.scroll_to(y=y, animate=False, immediate=True)

    def _style(self, name: str) -> Style:
        return self.themed_style(name)

    def _layout(self) -> None:
        """Render every piece at the current width; the only full render, on open and resize."""
        width = self.content_width()
        lines: list[Strip] = []
        self._block_lines = {}
        for renderable, block, gap in self._pieces:
            rendered = self.render_lines_of(renderable, width)
            if block is not None:
                self._block_lines[block] = (len(lines), len(rendered))
            lines.extend(rendered)
            if gap:
                lines.append(Strip.blank(width))
        self.set_lines(lines)

    # content --------------------------------------------------------------------------------
    def show_message(self, text: Text | None) -> None:
        """Show `text` in place of an article; None shows the empty reader's hint."""
        self.rendered, self.attachments = None, []
        self._shown, self._message = None, text
        self.passages, self.marks, self.block_starts = [], [], []
        shown = text if text is not None else Text(EMPTY_READER, self._style("reader--empty"))
        self._pieces = [(shown, None, False)]
        self._layout()
        self.scroll_home(animate=False)

    def show_article(
        self,
        article: Article,
        feed: Feed | None,
        rendered: RenderedArticle,
        passages: list[Passage],
        marks: list[Mark],
        attachments: Sequence[Enclosure] = (),
        *,
        version: str = "",
        summary_hint: str = "",
    ) -> None:
        """`version` ("feed" or "full", "" to say nothing) goes in the header;
        `summary_hint` is the key that fetches the full article, "" for no such line."""
        from newsdesk.ui.widgets.records import Passage

        self.version, self.summary_hint = version, summary_hint
        self.rendered = rendered
        self.attachments = openable(attachments)
        self.block_starts = _starts(rendered.blocks)
        self.passages = passages or [
            Passage(i, s, s + len(b.text))
            for i, (b, s) in enumerate(zip(rendered.blocks, self.block_starts, strict=True))
        ]
        self.marks = sorted(marks, key=lambda m: m.start)
        self.cursor, self.selection_start = 0, None
        self._build(article, feed)
        self.scroll_home(animate=False)

    def _build(self, article: Article, feed: Feed | None) -> None:
        """Render the shown article's pieces with the current styles, cursor and marks."""
        assert self.rendered is not None
        rendered = self.rendered
        self._shown = (article, feed)
        head = header(
            article,
            feed,
            rendered,
            self._style,
            self.version,
            self.summary_hint,
            address=not self.COMPACT_HEADER,
        )
        pieces: list[tuple[RenderableType, int | None, bool]] = [(head, None, False)]
        if not self.COMPACT_HEADER:
            rule = Text("─" * 200, self._style("reader--rule"), no_wrap=True, overflow="crop")
            pieces.append((rule, None, True))
        if not rendered.blocks:
            pieces.append(
                (
                    Text(
                        "This article has no body text; press o to open it in the browser.",
                        self._style("reader--empty"),
                    ),
                    None,
                    True,
                )
            )
        for index, block in enumerate(rendered.blocks):
            following = rendered.blocks[index + 1] if index + 1 < len(rendered.blocks) else None
            tight = block.kind == "item" and following is not None and following.kind == "item"
            pieces.append((self._block(index), index, not tight))
        if self.attachments:
            first = len(rendered.links) + 1
            pieces.append((self._attachments(first), None, bool(rendered.links)))
        if rendered.links:
            pieces.append((self._links(rendered.links), None, False))
        self._pieces = pieces
        self._layout()
        self._cursor_blocks = self._blocks_of_cursor()

    def _links(self, links: list[str]) -> Text:
        return numbered_list("Links", [("", url) for url in links], 1, self._style)

    def _attachments(self, first: int) -> Text:
        """The episode's media files: number, type and size, address (all from the feed)."""
        rows = [(describe(a), a.url) for a in self.attachments]
        return numbered_list("Attachments", rows, first, self._style)

    # block rendering -----------------------------------------------------------------------
    def _block(self, index: int) -> RenderableType:
        assert self.rendered is not None
        layers = [(m.start, m.end, f"reader--hl-{m.kind}") for m in self.marks]
        if self.passages:  # on top: where the cursor or selection is must always be visible
            start, end = self.selection_range()
            if self.selection_start is not None:
                layers.append((start, end, "reader--selection"))
            else:
                layers.append((start, end, "reader--cursor"))
                # a highlighted part keeps its colour under the cursor (the cursor's
                # underline stays): the sentence just highlighted must look highlighted
                layers += [
                    (max(start, m.start), min(end, m.end), f"reader--hl-{m.kind}")
                    for m in self.marks
                    if m.start < end and start < m.end
                ]
        block = self.rendered.blocks[index]
        return block_piece(block, self.block_starts[index], layers, self._style)

    def _restyle(self, indexes: set[int]) -> None:
        """Re-render only these blocks' lines; styles never change wrapping, so they fit."""
        for index in indexes:
            if self.rendered is None or index not in self._block_lines:
                continue
            first, count = self._block_lines[index]
            lines = self.render_lines_of(self._block(index), self._width)
            if len(lines) != count:
                self._layout()
                return
            self._lines[first : first + count] = lines
            self.refresh(Region(0, first - self.scroll_offset.y, self.size.width, count))

    # cursor and marks --------------------------------------------------------------------
    def selection_range(self) -> tuple[int, int]:
        """Global (start, end) of the cursor passage, or of the selection while `v` is on."""
        if not self.passages:
            return (0, 0)
        first, last = self._selected()
        return (self.passages[first].start, self.passages[last].end)

    def _selected(self) -> tuple[int, int]:
        """First and last passage index under the cursor, or of the selection."""
        anchor = self.cursor if self.selection_start is None else self.selection_start
        return min(self.cursor, anchor), max(self.cursor, anchor)

    def _blocks_of_cursor(self) -> set[int]:
        if not self.passages:
            return set()
        first, last = self._selected()
        return {p.block for p in self.passages[first : last + 1]}

    def _cursor_changed(self) -> None:
        now = self._blocks_of_cursor()
        self._restyle(now | self._cursor_blocks)
        self._cursor_blocks = now
        if self.passages:
            self.scroll_to_passage(self.passages[self.cursor].block)

    def move_cursor(self, delta: int) -> None:
        if self.passages:
            self.cursor = max(0, min(len(self.passages) - 1, self.cursor + delta))
            self._cursor_changed()

    def toggle_selection(self) -> bool:
        self.selection_start = self.cursor if self.selection_start is None else None
        self._cursor_changed()
        return self.selection_start is not None

    def clear_selection(self) -> None:
        if self.selection_start is not None:
            self.selection_start = None
            self._cursor_changed()

    def move_cursor_to_offset(self, offset: int) -> None:
        for index, passage in enumerate(self.passages):
            if passage.end > offset:
                self.cursor = index
                break
        self.selection_start = None
        self._cursor_changed()

    def scroll_to_passage(self, block: int) -> None:
        if block in self._block_lines:
            first, count = self._block_lines[block]
            self.scroll_to_region(Region(0, first, 1, count), animate=False, force=True)

    def set_marks(self, marks: list[Mark]) -> None:
        touched = {self.block_of(m.start) for m in self.marks} | {
            self.block_of(m.start) for m in marks
        }
        touched |= {self.block_of(max(m.start, m.end - 1)) for m in self.marks + marks}
        self.marks = sorted(marks, key=lambda m: m.start)
        self._restyle(touched)

    def mark_at_cursor(self) -> Mark | None:
        start, end = self.selection_range()
        # a highlight (it has an id), not a mark the compare view paints
        return next((m for m in self.marks if m.id and m.start < end and m.end > start), None)

    def block_of(self, offset: int) -> int:
        index = 0
        for i, start in enumerate(self.block_starts):
            if start <= offset:
                index = i
        return index


def _starts(blocks: list[Block]) -> list[int]:
    starts, position = [], 0
    for block in blocks:
        starts.append(position)
        position += len(block.text) + BLOCK_GAP
    return starts
