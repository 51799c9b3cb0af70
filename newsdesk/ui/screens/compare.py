"""Provides CompareScreen: one story's versions, one after the other or side by side.

Each version is an ArticleReader (the same text, passage cursor and highlights as the desk's
reader) with two more marks: sentences only that outlet has, and facts the outlets give
differently (core/compare.py). On a terminal 160 columns or wider the versions stand in
columns, one per outlet; narrower, they are stacked. `h` and `c` annotate the focused one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from newsdesk.core.models import Highlight
from newsdesk.core.sanitize import clean_line
from newsdesk.desk import Desk
from newsdesk.ui.safe import safe_text
from newsdesk.ui.screens.desk_layout import SHORT
from newsdesk.ui.widgets.key_bar import KeyBar
from newsdesk.ui.widgets.reader import ArticleReader
from newsdesk.ui.widgets.records import Mark, Passage

if TYPE_CHECKING:
    from newsdesk.core.compare import Comparison
    from newsdesk.desk.records import OpenedArticle, Undone

SIDE_BY_SIDE = 160  # columns from which the versions stand side by side
TIGHT = 6  # rows a stacked version needs to show some text under its header


class VersionReader(ArticleReader):
    """One outlet's version; knows its article so the screen's keys act on the focused one.
    Its header is the title and meta alone: stacked on a 24-row terminal, a pane has four
    rows, which the address and the rule took whole."""

    COMPACT_HEADER = True

    def __init__(self, article_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article_id = article_id
        self.opened: OpenedArticle | None = None
        self.compare_marks: list[Mark] = []


class CompareScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="compare.close"),
        Binding("tab", "focus_next", "Next version", id="compare.next_version"),
        Binding("shift+tab", "focus_previous", "Previous version", show=False),
        Binding("right_square_bracket,J", "passage(1)", "Next sentence", show=False),
        Binding("left_square_bracket,K", "passage(-1)", "Previous sentence", show=False),
        Binding("v", "select", "Select sentences", show=False),
        Binding("h", "highlight", "Highlight", id="compare.highlight"),
        Binding("c", "note", "Note", id="compare.note"),
        Binding("H", "cycle_kind", "Highlight kind", show=False, id="compare.kind"),
        Binding("x", "remove_highlight", "Remove highlight", show=False, id="compare.remove"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="compare.undo"),
    ]
    DEFAULT_CSS = """
    CompareScreen #compare-summary {
        height: auto;
        max-height: 8;
        padding: 0 1;
    }
    CompareScreen #compare-summary.-short {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    CompareScreen #versions {
        layout: vertical;
        height: 1fr;
    }
    CompareScreen #versions.-side-by-side {
        layout: horizontal;
    }
    CompareScreen VersionReader {
        height: 1fr;
        width: 1fr;
        padding: 0 1;
        border: round $panel-lighten-2;
    }
    CompareScreen VersionReader:focus {
        border: round $accent;
    }
    CompareScreen #versions.-tight VersionReader {
        height: 3;
    }
    CompareScreen #versions.-tight VersionReader:focus {
        height: 1fr;
    }
    """

    def __init__(self, desk: Desk, story_id: str, focus_id: str | None = None) -> None:
        super().__init__(id="compare-screen")
        self.desk = desk
        self.story_id = story_id
        self.focus_id = focus_id
        self.articles = desk.story_articles(story_id)
        self.comparison: Comparison | None = None
        self._last_find = ""  # what `/` looked for last: the prompt offers it again

    def compose(self) -> ComposeResult:
        yield Static(id="compare-summary")
        with Container(id="versions"):
            for number, article in enumerate(self.articles):
                yield VersionReader(article.id, id=f"version-{number}")
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        from newsdesk.core.compare import compare

        readers = list(self.query(VersionReader))
        for reader in readers:
            reader.opened = self.desk.open_article(reader.article_id, mark_read=False)
        texts = [r.opened.rendered.text if r.opened else "" for r in readers]
        self.comparison = compare(texts)
        for reader, marks in zip(readers, self.comparison.versions, strict=True):
            reader.compare_marks = [Mark(s.start, s.end, "unique") for s in marks.unique] + [
                Mark(f.start, f.end, "disputed") for f in marks.disputed
            ]
            opened = reader.opened
            assert opened is not None
            feed = opened.feed
            reader.border_title = clean_line(feed.display_title if feed else "", 60)
            reader.show_article(
                opened.article,
                feed,
                opened.rendered,
                self._passages(reader),
                self._marks(reader, opened.highlights),
            )
        self._summary()
        # its colours are the theme's at the time: made again with the panes' on a switch
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.call_after_refresh(self._summary)
        )
        self._arrange(self.app.size)
        chosen = next((r for r in readers if r.article_id == self.focus_id), readers[0])
        chosen.focus()

    def on_resize(self, event: Resize) -> None:
        self._arrange(event.size)
        if self.comparison is not None:
            self._summary()  # a short terminal shows it shorter

    def _arrange(self, size: Size) -> None:
        """Side by side on a wide terminal, else stacked; stacked versions too many for the
        rows (each would show its header and nothing of its text) fold to their outlet and
        headline, and the focused one (`tab` moves on) takes the rest."""
        versions = self.query_one("#versions")
        wide = size.width >= SIDE_BY_SIDE
        versions.set_class(wide, "-side-by-side")
        room = size.height - self._summary_rows(size.height) - 1  # and the key bar
        count = len(self.articles)
        versions.set_class(not wide and count > 1 and room < count * TIGHT, "-tight")

    def _summary_rows(self, height: int) -> int:
        """The summary's height at a terminal `height` rows tall (see `_summary`)."""
        if self.comparison is None:
            return 2
        facts = len(self.comparison.disagreements)
        shown = min(facts, 2 if height < SHORT else 5)
        return min(8, 2 + shown + (facts > shown))

    def _passages(self, reader: VersionReader) -> list[Passage]:
        from newsdesk.core.sentences import sentence_spans

        assert reader.opened is not None
        spans = sentence_spans(reader.opened.rendered.blocks)
        return [Passage(p.block, p.article_start, p.article_end) for p in spans]

    def _marks(self, reader: VersionReader, highlights: Sequence[Highlight]) -> list[Mark]:
        own = [Mark(h.start, h.end, h.kind, h.id) for h in highlights if not h.orphaned]
        return reader.compare_marks + own

    def _summary(self) -> None:
        """The headline, what each mark means, and every disputed fact with who says what."""
        assert self.comparison is not None
        outlets = []
        for reader in self.query(VersionReader):
            feed = reader.opened.feed if reader.opened else None
            outlets.append(feed.display_title if feed else "?")
        first = self.query_one(VersionReader)
        text = safe_text(self.desk.story_title(self.story_id), first.themed_style("reader--title"))
        text.append(f"\n{len(outlets)} versions · ")
        text.append("only this outlet", first.themed_style("reader--hl-unique"))
        text.append(" · ")
        if self.comparison.disagreements:
            text.append("outlets disagree", first.themed_style("reader--hl-disputed"))
        else:  # no colour to explain: say so rather than name a mark that is nowhere
            text.append("no figure, name or quote in dispute")
        # a short terminal: two facts, a line each, so the versions keep their rows
        short = self.app.size.height < SHORT
        shown = 2 if short else 5
        width = self.app.size.width - 2  # the summary's padding
        for item in self.comparison.disagreements[:shown]:
            pairs = [(outlets[i], value) for i, value in item.values]
            text.append("\n≠ ")
            text.append_text(Text(fact_line(item.about, pairs, width - 2)))
        extra = len(self.comparison.disagreements) - shown
        if extra > 0:
            text.append(f"\n… and {extra} more")
        summary = self.query_one("#compare-summary", Static)
        summary.set_class(short, "-short")  # a line each, cut: see DEFAULT_CSS
        summary.update(text)

    # keys ------------------------------------------------------------------------------------
    def _focused(self) -> VersionReader | None:
        focused = self.focused
        return focused if isinstance(focused, VersionReader) else None

    def _repaint(self, reader: VersionReader) -> None:
        assert reader.opened is not None
        placed = self.desk.placed_highlights(reader.article_id, reader.opened.rendered)
        reader.set_marks(self._marks(reader, placed))

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_find_in_article(self) -> None:
        """`/` in a version (the readers' own binding): the cursor to the next match of what
        is typed, after the cursor, else the first. The footer offered it and it did nothing."""
        reader = self._focused()
        if reader is None or reader.opened is None:
            return
        text = reader.opened.rendered.text

        def chosen(value: str | None) -> None:
            from newsdesk.ui.screens.desk_reader_keys import find_matches

            if value is None or not value.strip():
                return
            matches = find_matches(text, value)
            if not matches:
                said = f"“{clean_line(value, 40)}” is not in this version."
                self.notify(said, timeout=3, markup=False)
                return
            start, end = reader.selection_range()
            # the same words again: on past the sentence the cursor is on, which holds the
            # match it went to (it stayed on that sentence however often it was asked)
            again = value == self._last_find
            self._last_find = value
            later = [m for m in matches if m >= (end if again else start)]
            target = (later or matches)[0]
            reader.move_cursor_to_offset(target)
            number = matches.index(target) + 1
            self.notify(
                f"Match {number} of {len(matches)}: / and enter go on.", timeout=3, markup=False
            )

        from newsdesk.ui.screens.modals import PromptModal

        prompt = PromptModal(
            "Find in this version", self._last_find, hint="enter finds · escape cancels"
        )
        self.app.push_screen(prompt, chosen)

    def action_passage(self, delta: int) -> None:
        reader = self._focused()
        if reader is not None:
            reader.move_cursor(delta)

    def action_select(self) -> None:
        reader = self._focused()
        if reader is not None:
            on = reader.toggle_selection()
            self.notify("Selecting: ] extends, h highlights." if on else "Selection off.")

    def _highlight_here(self, reader: VersionReader) -> tuple[Highlight | None, bool]:
        """The highlight under the cursor, or one made of the selection (True: just made)."""
        mark = reader.mark_at_cursor()
        if mark is not None and mark.id and reader.selection_start is None:
            found = next(
                (h for h in self.desk.highlights(reader.article_id) if h.id == mark.id), None
            )
            if found is not None:
                return found, False
        start, end = reader.selection_range()
        if end <= start or reader.opened is None:
            return None, False
        made = self.desk.add_highlight(reader.article_id, reader.opened.rendered, start, end)
        reader.clear_selection()
        self._repaint(reader)
        return made, True

    def action_highlight(self) -> None:
        reader = self._focused()
        if reader is None:
            return
        highlight, made = self._highlight_here(reader)
        if made:
            self.notify("Highlighted.", timeout=2)
        elif highlight is not None:
            self.notify("Already highlighted.", timeout=2)

    def _highlight_at_cursor(self) -> tuple[VersionReader, Highlight] | None:
        """The focused version and its highlight under the cursor, or None (said why)."""
        reader = self._focused()
        mark = reader.mark_at_cursor() if reader is not None else None
        found = None
        if reader is not None and mark is not None and mark.id:
            found = next(
                (h for h in self.desk.highlights(reader.article_id) if h.id == mark.id), None
            )
        if reader is None or found is None:
            self.notify("Put the cursor on a highlight first.", timeout=2)
            return None
        return reader, found

    def action_cycle_kind(self) -> None:
        """`H`, as in the reader: the highlight's next kind (claim, quote … for the board)."""
        here = self._highlight_at_cursor()
        if here is not None:
            reader, highlight = here
            changed = self.desk.cycle_highlight_kind(highlight)
            self._repaint(reader)
            self.notify(f"Highlight kind: {changed.kind}", timeout=2)

    def action_remove_highlight(self) -> None:
        here = self._highlight_at_cursor()
        if here is not None:
            reader, highlight = here
            self.desk.remove_highlight(highlight.id)
            self._repaint(reader)
            self.notify("Highlight removed. ctrl+z restores it.", timeout=3)

    def action_undo(self) -> None:
        from newsdesk.ui.reporting import undo_last

        def repaint(undone: Undone) -> None:
            for reader in self.query(VersionReader):
                if reader.article_id in undone.article_ids:
                    self._repaint(reader)

        undo_last(self, self.desk, repaint)

    def action_note(self) -> None:
        from newsdesk.ui.screens.note_editor import NoteEditorModal

        reader = self._focused()
        if reader is None:
            return
        highlight, made = self._highlight_here(reader)
        if highlight is None:
            return
        article_id = reader.article_id
        note = self.desk.note_on(article_id, highlight.id)

        def saved(text: str | None) -> None:
            if text is None:
                if made:
                    self.desk.discard_highlight(highlight.id)
                    self._repaint(reader)
                return
            self.desk.save_note(article_id, highlight.id, text)
            self.notify("Note saved." if text.strip() else "Note removed.", timeout=2)

        self.app.push_screen(
            NoteEditorModal("Note on the highlight", highlight.quote, note.text if note else ""),
            saved,
        )


def fact_line(about: str, said: Sequence[tuple[str, str]], width: int) -> str:
    """`about — Outlet: value · Outlet: value` in `width` cells where it can be: the outlets'
    names give way first (a line cut at its end lost the last outlet's value, often the one
    in dispute), down to a few letters each."""
    about = clean_line(about, 30)
    values = [clean_line(value, 40) for _, value in said]
    names = [clean_line(outlet, 24) for outlet, _ in said]
    fixed = len(about) + 3 + sum(len(v) + 2 for v in values) + 3 * (len(said) - 1)
    room = width - fixed
    if sum(map(len, names)) > room and names:
        each = max(4, room // len(names))
        # "The Harbour Gazette" and "The Wrenmouth Echo" both came out "The…"
        names = [n[4:] if n[:4].casefold() == "the " and len(n) > each else n for n in names]
        names = [n if len(n) <= each else n[: each - 1] + "…" for n in names]
    return f"{about} — " + " · ".join(f"{n}: {v}" for n, v in zip(names, values, strict=True))
