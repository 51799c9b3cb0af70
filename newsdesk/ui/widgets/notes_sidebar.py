"""Provides NotesSidebar: the open article's highlights and notes as cards, in reading order.

j/k move between cards and enter posts `NoteChosen`, so the screen scrolls the reader to the
passage. Orphaned highlights (their passage left the article) stay listed with their quote.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from newsdesk.core.models import Highlight, Note
from newsdesk.ui.safe import safe_block

EMPTY_NO_ARTICLE = "Open an article to see its highlights and notes here."
EMPTY_ARTICLE = ("No highlights or notes on this article yet.\n\n"
                 "] / [ move the sentence cursor, h highlights, c adds a note, "
                 "C notes the whole article.")


class NotesSidebar(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j,down", "move(1)", "Next note", show=False),
        Binding("k,up", "move(-1)", "Previous note", show=False),
        Binding("enter", "choose", "Go to passage", show=False),
    ]
    COMPONENT_CLASSES = {"notes--quote", "notes--note", "notes--empty", "notes--orphaned",
                         "notes--kind"}

    class NoteChosen(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.offsets: list[int] = []
        self.selected = 0
        self._pool: list[Static] = []  # card widgets, reused across articles

    def compose(self) -> ComposeResult:
        yield Static(id="notes-empty")

    def on_mount(self) -> None:
        self.show([], [], article_open=False)

    def _style(self, name: str):  # type: ignore[no-untyped-def]
        return self.get_component_rich_style(name, partial=True)

    def show(self, highlights: list[Highlight], notes: list[Note], article_open: bool) -> None:
        empty = self.query_one("#notes-empty", Static)
        cards: list[tuple[int, Text, str]] = []
        for note in notes:
            if note.highlight_id is None:
                text = Text("Article note\n", self._style("notes--kind"))
                text.append_text(safe_block(note.text, self._style("notes--note")))
                cards.append((-1, text, "kind-note"))
        by_highlight = {n.highlight_id: n for n in notes if n.highlight_id}
        for highlight in sorted(highlights, key=lambda h: (h.orphaned, h.start)):
            label = highlight.kind + (" · orphaned: passage gone" if highlight.orphaned else "")
            text = Text(label + "\n",
                        self._style("notes--orphaned" if highlight.orphaned else "notes--kind"))
            text.append_text(safe_block(highlight.quote, self._style("notes--quote")))
            note = by_highlight.get(highlight.id)
            if note is not None:
                text.append("\n")
                text.append_text(safe_block(note.text, self._style("notes--note")))
            kind = "orphaned" if highlight.orphaned else highlight.kind
            cards.append((-1 if highlight.orphaned else highlight.start, text, f"kind-{kind}"))
        self.offsets = [offset for offset, _, _ in cards]
        self.selected = 0
        empty.display = not cards
        if not cards:
            message = EMPTY_ARTICLE if article_open else EMPTY_NO_ARTICLE
            empty.update(Text(message, self._style("notes--empty")))
        fresh = [Static(classes="note-card") for _ in range(len(cards) - len(self._pool))]
        self._pool.extend(fresh)
        for card, (_, text, kind) in zip(self._pool, cards, strict=False):
            card.update(text)
            card.set_classes(f"note-card {kind}")
            card.display = True
        for card in self._pool[len(cards):]:
            card.display = False
        if fresh:
            self.mount_all(fresh)
        self._paint_selection()

    def _paint_selection(self) -> None:
        for i, card in enumerate(self._pool[: len(self.offsets)]):
            card.set_class(i == self.selected, "-selected")

    def action_move(self, delta: int) -> None:
        if self.offsets:
            self.selected = max(0, min(len(self.offsets) - 1, self.selected + delta))
            self._paint_selection()
            self.scroll_to_widget(self._pool[self.selected], animate=False)

    def action_choose(self) -> None:
        if self.offsets and self.offsets[self.selected] >= 0:
            self.post_message(self.NoteChosen(self.offsets[self.selected]))
