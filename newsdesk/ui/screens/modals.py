"""Provides the small dialogs: ConfirmModal, PromptModal and LinksModal; each dismisses a value."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from newsdesk.core.attachments import attachment_line
from newsdesk.core.enclosure import Enclosure
from newsdesk.ui.safe import safe_text


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(safe_text(self.question), classes="modal-title")
            with Horizontal(classes="modal-buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptModal(ModalScreen[str | None]):
    """One line of input: a path, a tag list. Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        hint: str = "enter accepts · escape cancels",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(Text(self.title_text), classes="modal-title")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                suggester=self.suggester,
            )
            yield Label(Text(self.hint), classes="modal-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagSuggester(Suggester):
    """Completes the last tag of a comma-separated list from the tags already in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stem = last.strip().casefold()
        if not stem:
            return None
        taken = {t.strip().casefold() for t in head.split(",")}
        for tag in self.tags:
            if tag.casefold().startswith(stem) and tag.casefold() not in taken:
                prefix = f"{head}, " if head else ""
                return prefix + tag
        return None


class LinksModal(ModalScreen[str | None]):
    """The article's numbered links, then its attachments (a podcast episode's media files)
    numbered on from them; a number then enter picks one."""

    BINDINGS = [Binding("escape,l", "cancel", "Close")]

    def __init__(self, links: list[str], attachments: Sequence[Enclosure] = ()) -> None:
        super().__init__()
        self.attachments = list(attachments)
        self.links = links + [a.url for a in self.attachments]

    def compose(self) -> ComposeResult:
        text = Text(end="")
        first = len(self.links) - len(self.attachments)
        for number, url in enumerate(self.links[:first], 1):
            text.append(f"[{number}] ", style="bold")
            text.append_text(safe_text(url))
            text.append("\n")
        if self.attachments:
            text.append("Attachments\n", style="bold")
        for number, attachment in enumerate(self.attachments, first + 1):
            text.append(f"[{number}] ", style="bold")
            text.append_text(safe_text(attachment_line(attachment)))
            text.append("\n")
        with Vertical(classes="modal-box", id="links-box"):
            yield Label(Text("Links: type a number and enter to open it"), classes="modal-title")
            yield Static(text or Text("This article has no links."), id="links-list")
            yield Input(placeholder="link number", id="links-input", type="integer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value.isdigit() and 1 <= int(value) <= len(self.links):
            self.dismiss(self.links[int(value) - 1])
        else:
            self.query_one("#links-input", Input).value = ""
            self.notify(f"No link number {value or '?'}", severity="warning", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
