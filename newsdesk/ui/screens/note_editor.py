"""Provides NoteEditorModal: a Markdown note in a TextArea; ctrl+s saves, escape discards."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from newsdesk.ui.safe import safe_block
from newsdesk.ui.screens.modals import ConfirmModal


class NoteEditorModal(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Discard", id="note.cancel"),
    ]

    def __init__(self, title: str, quote: str = "", text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.quote = quote
        self.original = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="note-box"):
            yield Label(Text(self.title_text), classes="modal-title")
            if self.quote:
                yield Static(safe_block("▌ " + self.quote), id="note-quote")
            yield TextArea(
                self.original,
                id="note-text",
                language="markdown",
                soft_wrap=True,
                show_line_numbers=False,
            )
            yield Label(Text("Markdown · ctrl+s saves · escape discards"), classes="modal-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard the changes to this note?"), answered)
