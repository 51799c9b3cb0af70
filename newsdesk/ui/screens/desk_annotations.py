"""Provides AnnotationActions: the passage cursor, highlights, notes, tags and export keys.

`h`, `c` and `C` act on the open article from whichever pane has focus, so a reader can
annotate while still moving through the list.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.binding import Binding

from newsdesk.core.models import Highlight, Note
from newsdesk.ui.screens.modals import PromptModal, TagSuggester
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import HIGHLIGHT_KINDS, ArticleReader, Mark, Passage

DEFAULT_EXPORT = "~/newsdesk-notes.md"


class AnnotationActions:
    ANNOTATION_BINDINGS = [
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
    def passages_for(self: Any, rendered: Any) -> list[Passage]:
        from newsdesk.core.sentences import sentence_spans

        return [
            Passage(p.block, p.article_start, p.article_end)
            for p in sentence_spans(rendered.blocks)
        ]

    def marks_for(self: Any, article_id: str) -> list[Mark]:
        """Highlights placed on the text as shown now; moved or orphaned ones are updated."""
        if self.open_rendered is None:
            return []
        from newsdesk.core.anchor import reanchor

        text = self.open_rendered.text
        highlights = self.store.highlights(article_id)
        if not text.strip():
            return []  # no body yet (e.g. restored from an export): nothing to re-anchor to
        marks = []
        for old, new in zip(highlights, reanchor(highlights, text), strict=True):
            if new != old:
                self.store.update_highlight(
                    new.id, start=new.start, end=new.end, orphaned=new.orphaned
                )
            if not new.orphaned:
                marks.append(Mark(new.start, new.end, new.kind, new.id))
        return marks

    def refresh_sidebar(self: Any) -> None:
        sidebar = self.query_one(NotesSidebar)
        if self.open_id is None:
            sidebar.show([], [], article_open=False)
            return
        sidebar.show(
            self.store.highlights(self.open_id), self.store.notes(self.open_id), article_open=True
        )

    def _repaint_marks(self: Any) -> None:
        if self.open_id is not None:
            self.query_one(ArticleReader).set_marks(self.marks_for(self.open_id))
        self.refresh_sidebar()

    def _need_open(self: Any) -> bool:
        if self.open_id is None or self.open_rendered is None:
            self.notify("Open an article first (enter).", timeout=3)
            return False
        return True

    def action_passage(self: Any, delta: int) -> None:
        if self._need_open():
            self.query_one(ArticleReader).move_cursor(delta)

    def action_select(self: Any) -> None:
        if self._need_open():
            on = self.query_one(ArticleReader).toggle_selection()
            self.notify(
                "Selecting: ] extends, h highlights, escape cancels." if on else "Selection off.",
                timeout=2,
            )

    # highlights -----------------------------------------------------------------------------
    def current_highlight(self: Any) -> Highlight | None:
        mark = self.query_one(ArticleReader).mark_at_cursor()
        if mark is None:
            return None
        return next((h for h in self.store.highlights(self.open_id) if h.id == mark.id), None)

    def create_highlight(self: Any) -> Highlight | None:
        reader = self.query_one(ArticleReader)
        start, end = reader.selection_range()
        if end <= start or self.open_rendered is None:
            return None
        from newsdesk.core.anchor import make_anchor

        quote, prefix, suffix = make_anchor(self.open_rendered.text, start, end)
        highlight = self.store.add_highlight(
            Highlight(
                id="",
                article_id=self.open_id,
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                start=start,
                end=end,
                created=datetime.now(UTC),
            )
        )
        reader.clear_selection()
        self._repaint_marks()
        return highlight

    def action_highlight(self: Any) -> None:
        if not self._need_open():
            return
        existing = self.current_highlight()
        if existing is not None and self.query_one(ArticleReader).anchor is None:
            self.notify("Already highlighted: H changes its kind, x removes it.", timeout=3)
            return
        if self.create_highlight() is not None:
            self.say("Highlighted: H changes its kind, c adds a note.")

    def _highlight_to_change(self: Any) -> Highlight | None:
        """The highlight under the cursor of the open article, or None after saying why."""
        if not self._need_open():
            return None
        highlight = self.current_highlight()
        if highlight is None:
            self.notify("No highlight under the cursor.", timeout=2)
        return highlight

    def action_cycle_kind(self: Any) -> None:
        highlight = self._highlight_to_change()
        if highlight is None:
            return
        kinds = list(HIGHLIGHT_KINDS)
        index = kinds.index(highlight.kind) if highlight.kind in kinds else -1
        kind = kinds[(index + 1) % len(kinds)]
        self.store.update_highlight(highlight.id, kind=kind)
        self._repaint_marks()
        self.say(f"Highlight kind: {kind}")

    def action_remove_highlight(self: Any) -> None:
        highlight = self._highlight_to_change()
        if highlight is None:
            return
        notes = [n for n in self.store.notes(self.open_id) if n.highlight_id == highlight.id]
        for note in notes:
            self.store.remove_note(note.id)
        self.store.remove_highlight(highlight.id)
        self.undo_stack.append(("highlight", (highlight, notes)))
        self._repaint_marks()
        self.notify("Highlight removed. ctrl+z restores it.", timeout=3)

    def undo_annotation(self: Any, kind: str, payload: Any) -> None:
        if kind == "highlight":
            highlight, notes = payload
            self.store.add_highlight(highlight)
            for note in notes:
                self.store.add_note(note)
            if highlight.article_id == self.open_id:
                self._repaint_marks()
            self.notify("Highlight restored.", timeout=2)

    # notes -----------------------------------------------------------------------------------
    def action_note(self: Any) -> None:
        if not self._need_open():
            return
        highlight = self.current_highlight() or self.create_highlight()
        if highlight is None:
            return
        note = next(
            (n for n in self.store.notes(self.open_id) if n.highlight_id == highlight.id), None
        )
        self._edit_note("Note on the highlight", highlight.quote, note, highlight.id)

    def action_article_note(self: Any) -> None:
        if not self._need_open():
            return
        note = next((n for n in self.store.notes(self.open_id) if n.highlight_id is None), None)
        self._edit_note("Note on the article", "", note, None)

    def _edit_note(
        self: Any, title: str, quote: str, note: Note | None, highlight_id: str | None
    ) -> None:
        from newsdesk.ui.screens.note_editor import NoteEditorModal  # TextArea: load on use

        article_id = self.open_id

        def saved(text: str | None) -> None:
            if text is None:
                return
            now = datetime.now(UTC)
            if note is not None and not text:
                self.store.remove_note(note.id)
            elif note is not None:
                self.store.update_note(note.id, text=text, updated=now)
            elif text:
                self.store.add_note(
                    Note(
                        id="",
                        article_id=article_id,
                        text=text,
                        highlight_id=highlight_id,
                        created=now,
                        updated=now,
                    )
                )
            self.refresh_sidebar()
            self.say("Note saved." if text else "Note removed.")

        self.app.push_screen(NoteEditorModal(title, quote, note.text if note else ""), saved)

    # tags ------------------------------------------------------------------------------------
    def action_tags(self: Any) -> None:
        article = self.target_article()
        if article is None:
            return
        known = sorted({t for a in self.state.by_id.values() for t in a.tags}, key=str.casefold)

        def chosen(value: str | None) -> None:
            if value is None:
                return
            tags = [t.strip() for t in value.split(",") if t.strip()]
            self.store.set_tags(article.id, tags)
            self.update_articles([article.id])
            self.say(f"Tags: {', '.join(tags) or 'none'}")

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

    # search across annotations --------------------------------------------------------------
    def annotation_matches(self: Any, query: str) -> frozenset[str]:
        if not query:
            return frozenset()
        needle = query.casefold()
        ids = {h.article_id for h in self.store.highlights() if needle in h.quote.casefold()}
        ids |= {n.article_id for n in self.store.notes() if needle in n.text.casefold()}
        return frozenset(ids)

    # browser and export ----------------------------------------------------------------------
    def action_notes_browser(self: Any) -> None:
        from newsdesk.ui.screens.notes_browser import NotesBrowserScreen

        def jump(target: tuple[str, int, str | None] | None) -> None:
            if target is not None:
                self.jump_to(*target)

        self.app.push_screen(NotesBrowserScreen(self.store), jump)

    def jump_to(self: Any, article_id: str, offset: int, highlight_id: str | None = None) -> None:
        """Open the article at a passage; a highlight is found where it sits now, since
        opening the article re-anchors it if the feed edited the text."""
        self.select_article(article_id)
        self.open_article(article_id)
        reader = self.query_one(ArticleReader)
        mark = next((m for m in reader.marks if highlight_id and m.id == highlight_id), None)
        reader.move_cursor_to_offset(mark.start if mark else offset)
        reader.focus()

    def action_export_notes(self: Any) -> None:
        def content(path: Path) -> bytes:
            from newsdesk.core.export import export_json, export_markdown

            if path.suffix.lower() == ".json":
                text = json.dumps(export_json(self.store), indent=2, ensure_ascii=False)
            else:
                text = export_markdown(self.store)
            return text.encode("utf-8")

        self.export_to_prompted_path(
            "Export every highlight and note (.md or .json)",
            DEFAULT_EXPORT,
            content,
            "Exported notes",
        )
