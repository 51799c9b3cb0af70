"""Provides NotesSidebar: the open article's highlights and notes as cards, in reading order.

Cards are rendered into lines (Textual's line API), so a new highlight or note repaints the
sidebar without mounting widgets. j/k move between cards and enter posts `NoteChosen`, so
the screen moves the reader to the passage. Orphaned highlights (their passage left the
article) stay listed with their quote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from newsdesk.core.models import Highlight, Note
from newsdesk.ui.note_text import note_text
from newsdesk.ui.safe import safe_block
from newsdesk.ui.widgets.line_view import LineView

if TYPE_CHECKING:  # cards load with the first note shown (ui/widgets/records.py)
    from newsdesk.ui.widgets.records import Card

EMPTY_NO_ARTICLE = "Open an article to see its highlights and notes here."
EMPTY_ARTICLE = (
    "No highlights or notes on this article yet.\n\n"
    "] / [ move the sentence cursor, h highlights, c adds a note, "
    "C notes the whole article."
)
BAR = "▌ "


class NotesSidebar(LineView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "move(1)", "Next note", show=False),
        Binding("k,up", "move(-1)", "Previous note", show=False),
        Binding("enter", "choose", "Go to passage", show=False),
    ]
    COMPONENT_CLASSES = {
        "notes--quote",
        "notes--note",
        "notes--empty",
        "notes--orphaned",
        "notes--kind",
        "notes--selected",
        "notes--bar-highlight",
        "notes--bar-quote",
        "notes--bar-claim",
        "notes--bar-question",
        "notes--bar-fact-check",
        "notes--bar-note",
        "notes--bar-orphaned",
    }

    class NoteChosen(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self.selected = 0
        self._message = Text(EMPTY_NO_ARTICLE)
        self._card_lines: list[tuple[int, int]] = []
        self._shown: tuple[list[Highlight], list[Note], bool] = ([], [], False)

    def _style(self, name: str) -> Style:
        return self.themed_style(name)

    def on_mount(self) -> None:
        self.show([], [], article_open=False)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """Cards carry the old theme's colours: build them again, keeping the place."""
        selected, y = self.selected, self.scroll_offset.y
        self.show(*self._shown)
        if self.cards:
            self.selected = min(selected, len(self.cards) - 1)
            self._layout()
        self.scroll_to(y=y, animate=False, immediate=True)

    def show(self, highlights: list[Highlight], notes: list[Note], article_open: bool) -> None:
        self._shown = (highlights, notes, article_open)
        cards: list[Card] = []
        if highlights or notes:  # none at launch: the records module loads after it
            from newsdesk.ui.widgets.records import Card
        for note in notes:
            if note.highlight_id is None:
                text = Text("Article note\n", self._style("notes--kind"))
                text.append_text(note_text(note.text, self._style("notes--note")))
                cards.append(Card(-1, "note", text))
        by_highlight = {n.highlight_id: n for n in notes if n.highlight_id}
        for highlight in sorted(highlights, key=lambda h: (h.orphaned, h.start)):
            orphaned = highlight.orphaned
            label = highlight.kind + (" · orphaned: passage gone" if orphaned else "")
            text = Text(label + "\n", self._style("notes--orphaned" if orphaned else "notes--kind"))
            text.append_text(safe_block(highlight.quote, self._style("notes--quote")))
            attached = by_highlight.get(highlight.id)
            if attached is not None:  # set apart from the quote: a gap and a pen
                text.append("\n\n✎ ", self._style("notes--kind"))
                text.append_text(note_text(attached.text, self._style("notes--note")))
            cards.append(
                Card(
                    -1 if orphaned else highlight.start,
                    "orphaned" if orphaned else highlight.kind,
                    text,
                )
            )
        self.cards = cards
        self.selected = 0
        message = EMPTY_ARTICLE if article_open else EMPTY_NO_ARTICLE
        self._message = Text(message, self._style("notes--empty"))
        self._layout()

    # lines ----------------------------------------------------------------------------------
    def _layout(self) -> None:
        width = self.content_width()
        console = self.app.console
        options = console.options.update_width(width - len(BAR))
        lines: list[Strip] = []
        self._card_lines = []
        if not self.cards:
            wrapped = console.render_lines(self._message, options.update_width(width), pad=True)
            lines = [Strip(line, width) for line in wrapped]
        for index, card in enumerate(self.cards):
            bar = Segment(BAR, self._style(f"notes--bar-{card.kind}"))
            body = console.render_lines(card.text, options, pad=True)
            selected = index == self.selected and self.has_focus
            extra = self._style("notes--selected") if selected else None
            first = len(lines)
            for line in body:
                strip = Strip([bar, *line], width)
                lines.append(strip.apply_style(extra) if extra else strip)
            self._card_lines.append((first, len(body)))
            lines.append(Strip.blank(width))
        self.set_lines(lines)

    def on_focus(self) -> None:
        self._layout()

    def on_blur(self) -> None:
        self._layout()

    # keys -----------------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if not self.cards:
            return
        self.selected = max(0, min(len(self.cards) - 1, self.selected + delta))
        self._layout()
        first, count = self._card_lines[self.selected]
        self.scroll_to_region(Region(0, first, 1, count), animate=False, force=True)

    def action_choose(self) -> None:
        if self.cards and self.cards[self.selected].offset >= 0:
            self.post_message(self.NoteChosen(self.cards[self.selected].offset))
