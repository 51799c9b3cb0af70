"""Provides AnnotationUseCases: highlights, notes, the notes browser's rows, export and import.

Removing a highlight takes its note with it and can be undone; a note saved empty is
removed; a note cancelled on a highlight made only to carry it takes the highlight away.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsdesk.core.models import HIGHLIGHT_KINDS, Highlight, Note
from newsdesk.desk.base import DeskBase

if TYPE_CHECKING:
    from newsdesk.core.notes_import import ImportReport
    from newsdesk.core.render import RenderedArticle
    from newsdesk.desk.records import NoteRow, Undone


def _now() -> datetime:
    return datetime.now(UTC)


class AnnotationUseCases(DeskBase):
    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        return self.store.highlights(article_id)

    def notes(self, article_id: str | None = None) -> list[Note]:
        return self.store.notes(article_id)

    def highlight(self, highlight_id: str) -> Highlight | None:
        return next((h for h in self.store.highlights() if h.id == highlight_id), None)

    # highlights ---------------------------------------------------------------------------
    def add_highlight(
        self, article_id: str, shown: str | RenderedArticle, start: int, end: int
    ) -> Highlight:
        """Highlight [start:end] of the article as shown; anchored by quote and context. Given
        the rendered article, the quote is kept without the reader's link numbers."""
        import bisect

        from newsdesk.core.anchor import make_anchor

        article = self.require_article(article_id)
        if isinstance(shown, str):
            quote, prefix, suffix = make_anchor(shown, start, end)
        else:
            plain, kept = shown.plain_map()
            p_start, p_end = bisect.bisect_left(kept, start), bisect.bisect_left(kept, end)
            if p_end > p_start:
                quote, prefix, suffix = make_anchor(plain, p_start, p_end)
            else:  # only decoration selected: keep it as shown
                quote, prefix, suffix = make_anchor(shown.text, start, end)
        return self.store.add_highlight(
            Highlight(
                id="",
                article_id=article_id,
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                start=start,
                end=end,
                created=_now(),
                version="full" if article.has_full and article.show_full else "feed",
            )
        )

    def set_highlight_kind(self, highlight_id: str, kind: str) -> Highlight:
        if kind not in HIGHLIGHT_KINDS:
            raise ValueError(f"unknown highlight kind {kind!r}")
        return self.store.update_highlight(highlight_id, kind=kind)

    def cycle_highlight_kind(self, highlight: Highlight) -> Highlight:
        """`H`: the next kind; ctrl+z puts the kind (and a speaker it detected) back."""
        kinds = list(HIGHLIGHT_KINDS)
        index = kinds.index(highlight.kind) if highlight.kind in kinds else -1
        before = self.highlight(highlight.id) or highlight
        changed = self.set_highlight_kind(highlight.id, kinds[(index + 1) % len(kinds)])
        self.remember_highlights_undo("highlight kind", [before], f"Kind {before.kind} again.")
        return changed

    def remember_highlights_undo(
        self, label: str, before: Sequence[Highlight], message: str
    ) -> None:
        """An undo step putting the kind, status and speaker of these highlights back as they
        were (those that still exist): every change ctrl+z may meet keeps one, so it never
        reaches past a change to an older one."""

        def restore() -> Undone:
            from newsdesk.desk.records import Undone

            for old in before:
                if self.highlight(old.id) is not None:
                    self.store.update_highlight(
                        old.id, kind=old.kind, status=old.status, speaker=old.speaker
                    )
            ids = tuple(dict.fromkeys(h.article_id for h in before))
            return Undone(message, ids, annotations=True)

        self.remember_undo(label, restore)

    def remove_highlight(self, highlight_id: str) -> Highlight:
        """Remove a highlight and its note; ctrl+z (undo) brings both back."""
        highlight = self.highlight(highlight_id)
        if highlight is None:
            from newsdesk.core.errors import NotFoundError

            raise NotFoundError(f"No highlight with id {highlight_id}.")
        notes = [
            n for n in self.store.notes(highlight.article_id) if n.highlight_id == highlight.id
        ]
        for note in notes:
            self.store.remove_note(note.id)
        self.store.remove_highlight(highlight.id)

        def restore() -> Undone:
            from newsdesk.desk.records import Undone

            self.store.add_highlight(highlight)
            for note in notes:
                self.store.add_note(note)
            return Undone("Highlight restored.", (highlight.article_id,), annotations=True)

        self.remember_undo("remove highlight", restore)
        return highlight

    def discard_highlight(self, highlight_id: str) -> None:
        """Remove a highlight with no trace and no undo (one made for a note then cancelled)."""
        for note in self.store.notes():
            if note.highlight_id == highlight_id:
                self.store.remove_note(note.id)
        self.store.remove_highlight(highlight_id)

    # notes --------------------------------------------------------------------------------
    def note_on(self, article_id: str, highlight_id: str | None) -> Note | None:
        """The note on a highlight, or the article's own note when `highlight_id` is None."""
        return next(
            (n for n in self.store.notes(article_id) if n.highlight_id == highlight_id), None
        )

    def save_note(self, article_id: str, highlight_id: str | None, text: str) -> Note | None:
        """Write the note on a highlight (or the article); empty text removes it."""
        existing = self.note_on(article_id, highlight_id)
        now = _now()
        if not text.strip():
            if existing is not None:
                self.store.remove_note(existing.id)
            return None
        if existing is not None:
            return self.store.update_note(existing.id, text=text, updated=now)
        return self.store.add_note(
            Note(
                id="",
                article_id=article_id,
                text=text,
                highlight_id=highlight_id,
                created=now,
                updated=now,
            )
        )

    def remove_note(self, note_id: str) -> None:
        self.store.remove_note(note_id)

    # the notes browser ---------------------------------------------------------------------
    def note_rows(self) -> list[NoteRow]:
        """Every highlight and article note on the desk, newest first."""
        from newsdesk.desk.records import NoteRow

        rows: list[NoteRow] = []
        notes = self.store.notes()
        by_highlight = {n.highlight_id: n for n in notes if n.highlight_id}
        feeds = {f.id: f for f in self.store.feeds()}

        def where(article_id: str) -> tuple[str, str, tuple[str, ...]]:
            article = self.store.article(article_id)
            if article is None:
                return "(article gone)", "", ()
            feed = feeds.get(article.feed_id)
            tags = article.tags + (feed.tags if feed else ())
            return article.title, feed.display_title if feed else "", tags

        for h in self.store.highlights():
            note = by_highlight.get(h.id)
            title, feed, tags = where(h.article_id)
            rows.append(
                NoteRow(
                    h.article_id,
                    h.start,
                    h.id,
                    note.id if note else None,
                    h.kind,
                    h.quote,
                    note.text if note else "",
                    title,
                    feed,
                    tags,
                    h.created,
                    h.orphaned,
                )
            )
        for n in notes:
            if n.highlight_id is None:
                title, feed, tags = where(n.article_id)
                rows.append(
                    NoteRow(
                        n.article_id,
                        0,
                        None,
                        n.id,
                        "note",
                        "",
                        n.text,
                        title,
                        feed,
                        tags,
                        n.created,
                    )
                )
        rows.sort(key=lambda r: r.created, reverse=True)
        return rows

    # export and import ----------------------------------------------------------------------
    def export_notes(
        self, fmt: str = "md", *, tag: str | None = None, feed_url: str | None = None
    ) -> str:
        """Every highlight and note as Markdown ("md") or JSON ("json") text."""
        import json

        from newsdesk.core.export import export_json, export_markdown

        if feed_url is not None and self.store.feed_by_url(feed_url) is None:
            from newsdesk.core.errors import NotFoundError

            raise NotFoundError(f"No feed with the url {feed_url} in the desk.", "No such feed")
        if fmt == "json":
            data = export_json(self.store, tag=tag, feed_url=feed_url)
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return export_markdown(self.store, tag=tag, feed_url=feed_url)

    def export_counts(
        self, *, tag: str | None = None, feed_url: str | None = None
    ) -> dict[str, int]:
        from newsdesk.core.export import export_json

        articles = export_json(self.store, tag=tag, feed_url=feed_url)["articles"]
        return {
            "articles": len(articles),
            "highlights": sum(len(a["highlights"]) for a in articles),
            "notes": sum(len(a["notes"]) for a in articles),
        }

    def import_notes(self, data: Any) -> ImportReport:
        """Restore a JSON export (already decoded and checked with `check_notes_export`)."""
        from newsdesk.core.notes_import import import_json

        return import_json(self.store, data)


def check_notes_export(raw: bytes, name: str) -> Any:
    """Decode and check a JSON export before any desk is opened: a bad file changes nothing."""
    from newsdesk.core.notes_import import ExportFormatError, load_export_bytes, parse_export

    try:
        data = load_export_bytes(raw)
    except ExportFormatError as error:
        joint = " is " if error.message.startswith("not JSON") else ": "
        raise ExportFormatError(f"{name}{joint}{error.message}; nothing was imported.") from None
    try:
        parse_export(data)
    except ExportFormatError as error:
        raise ExportFormatError(f"{name}: {error.message}; nothing was imported.") from None
    except RecursionError:
        raise ExportFormatError(f"{name} is nested too deeply; nothing was imported.") from None
    return data
