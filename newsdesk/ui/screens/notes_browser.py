"""Provides NotesBrowserScreen: every highlight and note on the desk, newest first, filterable.

The filter box has the focus when the browser opens and takes free text plus `kind:K`,
`tag:T` and `feed:F` terms; up/down move the list from it, enter jumps to the article and
passage, escape (or q outside the filter) goes back to the desk. Below the list, the row under
the cursor in full; `e` edits its note and `d` deletes it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from newsdesk.core.models import HIGHLIGHT_KINDS
from newsdesk.core.sanitize import clean_line, clean_text
from newsdesk.desk import Desk
from newsdesk.desk.records import NoteRow
from newsdesk.ui.safe import safe_block
from newsdesk.ui.screens.desk_layout import SHORT
from newsdesk.ui.widgets.virtual_list import VirtualList

KINDS = (*HIGHLIGHT_KINDS, "note")  # a row's kind: a highlight's, or a note on the article


def _terms(query: str) -> list[str]:
    """The query's terms; quotes keep words together (`tag:"cli notes"`)."""
    import shlex

    try:
        return shlex.split(query)
    except ValueError:  # a quote not closed yet, as the user types
        return query.split()


def _kind(value: str) -> str:
    """`fact`, `factcheck` and `Fact-Check` all mean fact-check: by prefix, dashes aside."""
    bare = value.casefold().replace("-", "")
    return next((k for k in KINDS if k.replace("-", "").startswith(bare)), value.casefold())


def unknown_kinds(query: str) -> list[str]:
    """The `kind:` values of `query` that name no kind, for the hint under an empty list."""
    values = [t.partition(":")[2] for t in _terms(query) if t.lower().startswith("kind:")]
    return [v for v in values if v and _kind(v) not in KINDS]


def filter_rows(rows: list[NoteRow], query: str) -> list[NoteRow]:
    words: list[str] = []
    kinds: list[str] = []
    tags: list[str] = []
    feeds: list[str] = []
    for term in _terms(query):
        key, _, value = term.partition(":")
        bucket = {"kind": kinds, "tag": tags, "feed": feeds}.get(key.lower())
        if bucket is tags:
            value = value.lstrip("#")  # as the feed list writes a tag
        if bucket is not None and value:
            bucket.append(_kind(value) if bucket is kinds else value.casefold())
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
        # the title and feed take at most a third of the row, cut with an ellipsis: at 80
        # columns they took 60 and left the highlight itself ten
        meta_room = max(16, width // 3)
        feed = clean_line(row.feed, min(20, meta_room // 2))
        title = clean_line(row.title, max(4, meta_room - len(feed) - 5))
        meta = f"  {title} · {feed}"
        room = max(10, width - len(kind) - len(meta))
        body = body if len(body) <= room else body[: room - 1] + "…"
        text = Text(end="")
        text.append(kind, self.get_component_rich_style("notes-list--kind", partial=True))
        text.append(body.ljust(room))
        text.append(meta, self.get_component_rich_style("notes-list--meta", partial=True))
        return text


class NotesBrowserScreen(Screen[tuple[str, int, str | None] | None]):
    DEFAULT_CSS = """
    #notes-detail { height: auto; max-height: 14; margin: 0 1; padding: 0 1; }
    NotesBrowserScreen.-short #notes-detail { max-height: 6; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back to the desk", id="notes.close"),
        Binding("slash", "focus_filter", "Filter", id="notes.filter"),
        Binding("e", "edit_note", "Edit note", id="notes.edit"),
        Binding("d", "delete", "Delete", id="notes.delete"),
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
        yield Static(id="notes-detail")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # a short terminal: the detail below the list gives up rows (at 20 the list had 1)
        self.set_class(event.size.height < SHORT, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT, "-short")
        self.rows = self.desk.note_rows()
        self.query_one(NotesList).set_rows(self.rows)
        self.query_one("#notes-filter", Input).focus()  # typing filters at once
        self._count()

    def _count(self) -> None:
        shown = len(self.query_one(NotesList).rows)
        self.query_one(NotesList).border_title = f"{shown} of {len(self.rows)}"
        self._show_detail()

    def current_row(self) -> NoteRow | None:
        notes_list = self.query_one(NotesList)
        if 0 <= notes_list.cursor < len(notes_list.rows):
            return notes_list.rows[notes_list.cursor]
        return None

    def _show_detail(self) -> None:
        """The row under the cursor in full: its quote, then its note set apart below it."""
        row = self.current_row()
        detail = self.query_one("#notes-detail", Static)
        if row is None:
            unknown = unknown_kinds(self.query_one("#notes-filter", Input).value)
            said = "Nothing here." if not self.rows else "No row matches."
            if unknown:
                said = f"No kind “{clean_line(unknown[0], 30)}”: kinds are {', '.join(KINDS)}."
            detail.update(Text(said))
            return
        hint = "e edits the note · d deletes it" if row.note_id else "e adds a note · d deletes"
        if self.focused is self.query_one("#notes-filter", Input):
            hint = f"tab, then {hint}"  # typed in the filter, e and d are letters of it
        text = Text(end="")
        # first: at the end, a long quote or note pushed it out of sight below 48 rows
        text.append(f"{hint} · enter opens the article\n")
        text.append_text(safe_block(f"{clean_text(row.title)} · {clean_text(row.feed)}"))
        if row.quote:
            text.append("\n\n")
            text.append_text(safe_block("▌ " + row.quote.replace("\n", "\n▌ ")))
        if row.note:
            from newsdesk.ui.note_text import note_text

            text.append("\n\n")
            text.append_text(note_text(row.note))  # as the sidebar shows it: styled Markdown
        detail.update(text)

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        self._show_detail()  # its hint says what e and d do where the keys now go

    def _reload(self) -> None:
        notes_list = self.query_one(NotesList)
        cursor = notes_list.cursor
        self.rows = self.desk.note_rows()
        notes_list.set_rows(filter_rows(self.rows, self.query_one("#notes-filter", Input).value))
        if notes_list.rows:
            notes_list.move_to(min(cursor, len(notes_list.rows) - 1), quiet=True)
        self._count()

    @on(Input.Changed, "#notes-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_one(NotesList).set_rows(filter_rows(self.rows, event.value))
        self._count()

    @on(Input.Submitted, "#notes-filter")
    def _filter_done(self) -> None:
        """Enter in the filter opens the row under the list's cursor."""
        row = self.current_row()
        if row is not None:
            self.dismiss((row.article_id, row.offset, row.highlight_id))

    def on_key(self, event: events.Key) -> None:
        """up/down in the filter move the list's cursor, so the filter keeps the keyboard."""
        if isinstance(self.focused, Input) and event.key in ("up", "down"):
            self.query_one(NotesList).action_cursor(1 if event.key == "down" else -1)
            event.stop()
            event.prevent_default()

    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        self._show_detail()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        notes_list = self.query_one(NotesList)
        if 0 <= event.index < len(notes_list.rows):
            row = notes_list.rows[event.index]
            self.dismiss((row.article_id, row.offset, row.highlight_id))

    def action_focus_filter(self) -> None:
        # now, not after a refresh: letters typed in the same burst as `/` (`d`, `y`) go to
        # the filter, not to the list as commands (they deleted a note)
        self.set_focus(self.query_one("#notes-filter", Input))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit_note(self) -> None:
        from newsdesk.ui.screens.note_editor import NoteEditorModal

        row = self.current_row()
        if row is None:
            return
        title = "Note on the highlight" if row.highlight_id else "Note on the article"

        def saved(text: str | None) -> None:
            if text is None:
                return
            self.desk.save_note(row.article_id, row.highlight_id, text)
            self._reload()
            self.notify("Note saved." if text.strip() else "Note removed.", timeout=3)

        self.app.push_screen(NoteEditorModal(title, row.quote, row.note), saved)

    def action_delete(self) -> None:
        from newsdesk.ui.screens.modals import ConfirmModal

        row = self.current_row()
        if row is None:
            return
        what = "this note" if row.note_id else "this highlight"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if row.note_id is not None:
                self.desk.remove_note(row.note_id)
                message = "Note deleted."
            elif row.highlight_id is not None:
                self.desk.remove_highlight(row.highlight_id)
                message = "Highlight deleted. ctrl+z on the desk restores it."
            else:
                return
            self._reload()
            self.notify(message, timeout=3)

        self.app.push_screen(ConfirmModal(f"Delete {what}?"), answered)
