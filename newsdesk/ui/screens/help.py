"""Provides HelpModal: every key binding of the desk, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


_KEY_NAMES = {"question_mark": "?", "slash": "/", "left_square_bracket": "[",
              "right_square_bracket": "]", "ctrl+z": "ctrl+z"}


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))
            rows.append((keys, binding.description or binding.action))
        elif isinstance(binding, tuple):
            rows.append((binding[0], binding[2] if len(binding) > 2 else binding[1]))
    return rows


class HelpModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, groups: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action")
        for title, bindings in self.groups:
            rows = _rows(bindings)
            if not rows:
                continue
            table.add_row(Text(title, style="bold underline"), "")
            for key, description in rows:
                table.add_row(Text(key), Text(description))
            table.add_row("", "")
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys  (escape closes)", style="bold"), id="help-title")
            yield Static(table, id="help-table")
