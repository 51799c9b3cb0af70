"""Provides HelpModal: every key binding of the desk, grouped by where it works."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

TWO_COLUMNS = 110  # terminal columns from which the groups sit side by side
_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "ctrl+z": "ctrl+z",
    "full_stop": ".",
    "comma": ",",
}


def _rows(bindings: list[BindingType], keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys, what they do) per binding, with the keys in force: the config's [keys] remap
    a binding by its id."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            key = keymap.get(binding.id, binding.key) if binding.id else binding.key
            keys = ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))
            rows.append((keys, binding.description or binding.action))
        elif isinstance(binding, tuple):
            rows.append((binding[0], binding[2] if len(binding) > 2 else binding[1]))
    return rows


class HelpModal(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
        # the keys that move every list move this page too (only the arrows did)
        Binding("j", "scroll('down')", show=False),
        Binding("k", "scroll('up')", show=False),
        Binding("g", "scroll('home')", show=False),
        Binding("G", "scroll('end')", show=False),
        Binding("space", "scroll('page_down')", show=False),
    ]

    def __init__(
        self,
        groups: list[tuple[str, list[BindingType]]],
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.groups = groups
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        tables = [
            (len(rows) + 2, self._group(title, rows))
            for title, bindings in self.groups
            if (rows := _rows(bindings, self.keymap))
        ]
        columns = 2 if self.app.size.width >= TWO_COLUMNS else 1  # a narrow terminal: one
        groups: list[list[Table]] = [[] for _ in range(columns)]
        heights = [0] * columns
        for size, table in tables:  # each group goes to the shorter column
            column = heights.index(min(heights))
            groups[column].append(table)
            heights[column] += size
        layout = Table.grid(padding=(0, 4), expand=True)
        for _ in groups:
            layout.add_column(ratio=1)
        layout.add_row(*(Group(*group) for group in groups))
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys  (escape closes)", style="bold"), id="help-title")
            yield Static(layout, id="help-table")

    def action_scroll(self, where: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        {
            "down": box.scroll_down,
            "up": box.scroll_up,
            "home": box.scroll_home,
            "end": box.scroll_end,
            "page_down": box.scroll_page_down,
        }[where](animate=False)

    @staticmethod
    def _group(title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table(
            box=None,
            show_header=False,
            padding=(0, 1),
            expand=True,  # the title gets the column's width, not its widest row's
            title=Text(title, style="bold underline"),
            title_justify="left",
        )
        table.add_column("key", style="bold", no_wrap=True, width=14)
        table.add_column("action", ratio=1)
        for key, description in rows:
            table.add_row(Text(key), Text(description))
        table.add_row("", "")
        return table
