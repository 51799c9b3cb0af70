"""Provides AnnotationActions: the passage cursor, highlights, notes, tags and export keys.

`h`, `c` and `C` act on the open article from whichever pane has focus, so a reader can
annotate while still moving through the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from newsdesk.core.models import Highlight, Note
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import ArticleReader

if TYPE_CHECKING:
    from newsdesk.core.render import RenderedArticle
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
    from newsdesk.ui.widgets.records import Mark, Passage
else:
    _Host = object

DEFAULT_EXPORT = "~/newsdesk-notes.md"


class AnnotationActions(_Host):
    ANNOTATION_BINDINGS: list[BindingType] = [
        Binding(
            "right_square_bracket,J",
            "passage(1)",
            "Next sentence",
            show=False,
            id="reader.next_sentence",
        ),
        Binding(
            "left_square_bracket,K",
            "passage(-1)",
            "Previous sentence",
            show=False,
            id="reader.prev_sentence",
        ),
        Binding("v", "select", "Select sentences", show=False, id="reader.select"),
        Binding("h", "highlight", "Highlight", id="note.highlight"),
        Binding("H", "cycle_kind", "Highlight kind", show=False, id="note.kind"),
        Binding("x", "remove_highlight", "Remove highlight", show=False, id="note.remove"),
        Binding("c", "note", "Note", id="note.passage"),
        Binding("C", "article_note", "Article note", show=False, id="note.article"),
        Binding("t", "tags", "Tags", show=False, id="article.tags"),
        Binding("N", "notes_browser", "Notes", id="note.browser"),
        Binding("e", "export_notes", "Export notes", show=False, id="note.export"),
    ]

    # reading ---------------------------------------------------------------------------------
    def passages_for(self, rendered: RenderedArticle) -> list[Passage]:
        from newsdesk.core.sentences import sentence_spans
        from newsdesk.ui.widgets.records import Passage

        return [
            Passage(p.block, p.article_start, p.article_end)
            for p in sentence_spans(rendered.blocks)
        ]

    def marks_from(self, highlights: Sequence[Highlight]) -> list[Mark]:
        from newsdesk.ui.widgets.records import Mark

        return [Mark(h.start, h.end, h.kind, h.id) for h in highlights if not h.orphaned]

    def refresh_sidebar(self) -> None:
        sidebar = self.query_one(NotesSidebar)
        if self.open_id is None:
            sidebar.show([], [], article_open=False)
            return
        sidebar.show(
            self.desk.highlights(self.open_id), self.desk.notes(self.open_id), article_open=True
        )

    def repaint_marks(self) -> None:
        """Highlights of the open article placed again on its text, and the sidebar."""
        if self.open_id is not None and self.open_rendered is not None:
            placed = self.desk.placed_highlights(self.open_id, self.open_rendered)
            self.query_one(ArticleReader).set_marks(self.marks_from(placed))
        self.refresh_sidebar()

    def apply_undone(self, article_ids: tuple[str, ...], annotations: bool) -> None:
        """After an undo: rows and counts follow, and the open article's marks if touched."""
        if annotations and self.open_id in article_ids:
            self.repaint_marks()
        if not annotations:
            listed = self.state.view_read  # None where the view does not list it: no model
            known = [i for i in article_ids if listed(i) is not None]
            if len(known) == len(article_ids):
                self.update_articles(known)
            else:
                self.reload()

    def _need_open(self) -> bool:
        if self.open_id is None or self.open_rendered is None:
            self.notify("Open an article first (enter).", timeout=3)
            return False
        return True

    def action_passage(self, delta: int) -> None:
        if self._need_open():
            self.query_one(ArticleReader).move_cursor(delta)

    def action_select(self) -> None:
        if self._need_open():
            on = self.query_one(ArticleReader).toggle_selection()
            # in the status line, where the highlight's own message replaces it
            self.say(
                "Selecting: ] extends, h highlights, escape cancels." if on else "Selection off."
            )

    # highlights -----------------------------------------------------------------------------
    def current_highlight(self) -> Highlight | None:
        mark = self.query_one(ArticleReader).mark_at_cursor()
        if mark is None or self.open_id is None:
            return None
        return next((h for h in self.desk.highlights(self.open_id) if h.id == mark.id), None)

    def create_highlight(self) -> Highlight | None:
        reader = self.query_one(ArticleReader)
        start, end = reader.selection_range()
        if end <= start or self.open_rendered is None or self.open_id is None:
            return None
        highlight = self.desk.add_highlight(self.open_id, self.open_rendered, start, end)
        reader.clear_selection()
        self.repaint_marks()
        return highlight

    def action_highlight(self) -> None:
        if not self._need_open():
            return
        existing = self.current_highlight()
        if existing is not None and self.query_one(ArticleReader).selection_start is None:
            self.notify("Already highlighted: H changes its kind, x removes it.", timeout=3)
            return
        if self.create_highlight() is not None:
            self.say("Highlighted: H changes its kind, c adds a note.")

    def _highlight_to_change(self) -> Highlight | None:
        """The highlight under the cursor of the open article, or None after saying why."""
        if not self._need_open():
            return None
        highlight = self.current_highlight()
        if highlight is None:
            self.notify("No highlight under the cursor.", timeout=2)
        return highlight

    def action_cycle_kind(self) -> None:
        highlight = self._highlight_to_change()
        if highlight is None:
            return
        changed = self.desk.cycle_highlight_kind(highlight)
        self.repaint_marks()
        self.say(f"Highlight kind: {changed.kind}")

    def action_remove_highlight(self) -> None:
        highlight = self._highlight_to_change()
        if highlight is None:
            return
        self.desk.remove_highlight(highlight.id)
        self.repaint_marks()
        # in the status line: "Highlight kind: quote" stayed there after the highlight went
        self.say("Highlight removed. ctrl+z restores it.")

    # notes -----------------------------------------------------------------------------------
    def action_note(self) -> None:
        if not self._need_open() or self.open_id is None:
            return
        existing = self.current_highlight()
        highlight = existing or self.create_highlight()
        if highlight is None:
            return
        note = self.desk.note_on(self.open_id, highlight.id)
        made_for_note = None if existing is not None else highlight.id
        self._edit_note("Note on the highlight", highlight.quote, note, highlight.id, made_for_note)

    def action_article_note(self) -> None:
        if not self._need_open() or self.open_id is None:
            return
        note = self.desk.note_on(self.open_id, None)
        self._edit_note("Note on the article", "", note, None, None)

    def _edit_note(
        self,
        title: str,
        quote: str,
        note: Note | None,
        highlight_id: str | None,
        made_for_note: str | None,
    ) -> None:
        """Edit a note; cancelling leaves no trace, not even the highlight made to carry it."""
        from newsdesk.ui.screens.note_editor import NoteEditorModal  # TextArea: load on use

        article_id = self.open_id
        assert article_id is not None

        def saved(text: str | None) -> None:
            if text is None:
                if made_for_note is not None:
                    self.desk.discard_highlight(made_for_note)
                    self.repaint_marks()
                return
            self.desk.save_note(article_id, highlight_id, text)
            self.refresh_sidebar()
            self.say("Note saved." if text.strip() else "Note removed.")

        self.app.push_screen(NoteEditorModal(title, quote, note.text if note else ""), saved)

    # tags ------------------------------------------------------------------------------------
    def action_tags(self) -> None:
        article = self.target_article()
        if article is None:
            return
        known = sorted(self.state.tag_counts, key=str.casefold)  # the listed articles' tags

        def chosen(value: str | None) -> None:
            if value is None:
                return
            tags = [t.strip() for t in value.split(",") if t.strip()]
            self.desk.set_tags(article.id, tags)
            self.update_articles([article.id])
            self.say(f"Tags: {', '.join(tags) or 'none'}")

        from newsdesk.ui.screens.modals import PromptModal, TagSuggester

        self.app.push_screen(
            PromptModal(
                "Tags for this article (comma separated)",
                ", ".join(article.tags),
                placeholder="policy, follow-up",
                hint="→ accepts the suggested tag · enter saves · escape cancels",
                suggester=TagSuggester(known),
            ),
            chosen,
        )

    # browser and export ----------------------------------------------------------------------
    def action_notes_browser(self) -> None:
        from newsdesk.ui.screens.notes_browser import NotesBrowserScreen

        def jump(target: tuple[str, int, str | None] | None) -> None:
            if target is not None:
                self.jump_to(*target)

        self.app.push_screen(NotesBrowserScreen(self.desk), jump)

    def jump_to(self, article_id: str, offset: int, highlight_id: str | None = None) -> None:
        """Open the article at a passage; a highlight is found where it sits now, since
        opening the article re-anchors it if the feed edited the text."""
        self.select_article(article_id)
        self.open_article(article_id)
        reader = self.query_one(ArticleReader)
        mark = next((m for m in reader.marks if highlight_id and m.id == highlight_id), None)
        reader.move_cursor_to_offset(mark.start if mark else offset)
        reader.focus()

    def action_export_notes(self) -> None:
        def content(path: Path) -> bytes:
            fmt = "json" if path.suffix.lower() == ".json" else "md"
            return self.desk.export_notes(fmt).encode("utf-8")

        self.export_to_prompted_path(
            "Export every highlight and note (.md or .json)",
            DEFAULT_EXPORT,
            content,
            "Exported notes",
            remember="last_notes_export",
        )
