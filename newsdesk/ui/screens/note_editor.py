"""Provides NoteEditorModal: a Markdown note in a TextArea; ctrl+s saves, escape discards.

ctrl+o hands the note to $VISUAL or $EDITOR as git does: the app is suspended, the text goes
to a private temporary file, and what the editor saved comes back into the note.
"""

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
        Binding("ctrl+o", "external_editor", "Edit in $EDITOR", id="note.external_editor"),
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
            yield Label(
                Text("Markdown · ctrl+s saves · ctrl+o opens $EDITOR · escape discards"),
                classes="modal-hint",
            )

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

    def action_external_editor(self) -> None:
        import os
        import shlex
        import subprocess
        import tempfile
        from pathlib import Path

        from textual.app import SuspendNotSupported

        area = self.query_one(TextArea)
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="newsdesk-note-", suffix=".md")
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(area.text)
            with self.app.suspend():
                code = subprocess.call([*shlex.split(command), str(path)])
            if code != 0:
                self.notify(
                    f"{command} exited with status {code}; the note is unchanged.",
                    severity="warning",
                    markup=False,
                )
                return
            area.text = path.read_text(encoding="utf-8").rstrip("\n")
            area.move_cursor(area.document.end)
            self.notify("Back from the editor: ctrl+s saves the note.", timeout=3)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning")
        except (OSError, ValueError, UnicodeDecodeError) as error:
            self.notify(
                f"Could not run the editor {command!r}: {error}", severity="error", markup=False
            )
        finally:
            path.unlink(missing_ok=True)
