"""Provides NotesBrowserScreen: every highlight and note on the desk, newest first, filterable.

The filter box takes free text plus `kind:K`, `tag:T` and `feed:F` terms; enter jumps to the
article and passage, escape goes back to the desk.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from newsdesk.core.sanitize import clean_text
from newsdesk.desk import Desk
from newsdesk.desk.annotations import NoteRow
from newsdesk.ui.widgets.virtual_list import VirtualList


def filter_rows(rows: list[NoteRow], query: str) -> list[NoteRow]:
    words: list[str] = []
    kinds: list[str] = []
    tags: list[str] = []
    feeds: list[str] = []
    for term in query.split():
        key, _, value = term.partition(":")
        bucket = {"kind": kinds, "tag": tags, "feed": feeds}.get(key.lower())
        if bucket is not None and value:
            bucket.append(value.casefold())
        else:
            words.append(term.casefold())
    out = []
    for row in rows:
        if kinds and row.kind.casefold() not in kinds:
            continue
        if tags and not any(t.casefold() in tags for t in row.tags):
            continue
        if feeds and not any(f in row.feed.casefold() for f in feeds):
            continue
        hay = row.haystack()
        if all(w in hay for w in words):
            out.append(row)
    return out


class NotesList(VirtualList):
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"notes-list--kind", "notes-list--meta"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[NoteRow] = []

    def set_rows(self, rows: list[NoteRow]) -> None:
        self.rows = rows
        self.set_row_count(len(rows), keep_cursor=False)
        self.refresh()

    def row_text(self, index: int, width: int) -> Text:
        row = self.rows[index]
        kind = ("orphaned" if row.orphaned else row.kind)[:10].ljust(11)
        body = clean_text(row.quote or row.note)
        if row.quote and row.note:
            body += "  — " + clean_text(row.note)
        meta = f"  {clean_text(row.title)[:40]} · {clean_text(row.feed)[:20]}"
        room = max(10, width - len(kind) - len(meta))
        body = body if len(body) <= room else body[: room - 1] + "…"
        text = Text(end="")
        text.append(kind, self.get_component_rich_style("notes-list--kind", partial=True))
        text.append(body.ljust(room))
        text.append(meta, self.get_component_rich_style("notes-list--meta", partial=True))
        return text


class NotesBrowserScreen(Screen[tuple[str, int, str | None] | None]):
    BINDINGS = [
        Binding("escape", "close", "Back to the desk", id="notes.close"),
        Binding("slash", "focus_filter", "Filter", id="notes.filter"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="notes-browser")
        self.desk = desk
        self.rows: list[NoteRow] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Highlights and notes, newest first"), id="notes-browser-title")
        yield Input(
            placeholder="filter: words, kind:quote, tag:policy, feed:gazette", id="notes-filter"
        )
        yield NotesList(id="notes-list")
        yield Footer()

    def on_mount(self) -> None:
        self.rows = self.desk.note_rows()
        self.query_one(NotesList).set_rows(self.rows)
        self.query_one(NotesList).focus()
        self._count()

    def _count(self) -> None:
        shown = len(self.query_one(NotesList).rows)
        self.query_one(NotesList).border_title = f"{shown} of {len(self.rows)}"

    @on(Input.Changed, "#notes-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_one(NotesList).set_rows(filter_rows(self.rows, event.value))
        self._count()

    @on(Input.Submitted, "#notes-filter")
    def _filter_done(self) -> None:
        self.query_one(NotesList).focus()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        notes_list = self.query_one(NotesList)
        if 0 <= event.index < len(notes_list.rows):
            row = notes_list.rows[event.index]
            self.dismiss((row.article_id, row.offset, row.highlight_id))

    def action_focus_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
