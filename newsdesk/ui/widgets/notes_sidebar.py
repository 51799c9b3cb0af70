"""Provides NotesSidebar: the open article's highlights and notes, in reading order."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from newsdesk.core.models import Highlight, Note
from newsdesk.ui.safe import safe_block

EMPTY_NO_ARTICLE = "Open an article to see its highlights and notes here."
EMPTY_ARTICLE = "No highlights or notes on this article yet."


class NotesSidebar(VerticalScroll, can_focus=True):
    COMPONENT_CLASSES = {"notes--title", "notes--quote", "notes--note", "notes--empty"}

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Notes", end=""), id="notes-title")
        yield Static(id="notes-body")

    def on_mount(self) -> None:
        self.show([], [], article_open=False)

    def show(self, highlights: list[Highlight], notes: list[Note], article_open: bool) -> None:
        body = self.query_one("#notes-body", Static)
        if not highlights and not notes:
            message = EMPTY_ARTICLE if article_open else EMPTY_NO_ARTICLE
            body.update(Text(message, self.get_component_rich_style("notes--empty", partial=True)))
            return
        text = Text(end="")
        notes_by_highlight = {n.highlight_id: n for n in notes if n.highlight_id}
        for highlight in highlights:
            text.append_text(safe_block(f"▌ {highlight.quote}",
                                        self.get_component_rich_style("notes--quote", partial=True)))
            text.append("\n")
            note = notes_by_highlight.get(highlight.id)
            if note is not None:
                text.append_text(safe_block(note.text, self.get_component_rich_style(
                    "notes--note", partial=True)))
                text.append("\n")
            text.append("\n")
        for note in notes:
            if note.highlight_id is None:
                text.append_text(safe_block(note.text, self.get_component_rich_style(
                    "notes--note", partial=True)))
                text.append("\n\n")
        body.update(text)
