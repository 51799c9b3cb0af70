"""Provides ClaimsBoardScreen: every claim, quote and fact-check on the desk, grouped by story,
the same claim from several outlets on one line, with its status, speaker and note.

The list has the keyboard when the board opens: 1 2 3 4 set the claim's status (open,
verified, disputed, false), s edits its speaker, c its note, enter jumps to the passage in the
reader, / goes to the filter (`status:disputed kind:quote outlet:gazette speaker:rahman
story:storm` plus free words; enter there hands the keyboard back to the list), q or escape
goes back to the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from newsdesk.core.claims import Claim
from newsdesk.core.models import CLAIM_KINDS, CLAIM_STATUSES, NO_SPEAKER
from newsdesk.core.sanitize import clean_text
from newsdesk.desk import Desk
from newsdesk.ui.safe import safe_block
from newsdesk.ui.screens.desk_layout import SHORT
from newsdesk.ui.widgets.virtual_list import VirtualList

JumpTarget = tuple[str, int, str | None]


@dataclass(frozen=True, slots=True)
class BoardRow:
    """A story heading (claim None) or one claim under it."""

    heading: str
    claim: Claim | None = None
    count: int = 0


def board_rows(claims: list[Claim]) -> list[BoardRow]:
    """Claims (already in story order) with a heading row before each story's first claim."""
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.group] = counts.get(claim.group, 0) + 1
    rows: list[BoardRow] = []
    group: str | None = None
    for claim in claims:
        if claim.group != group:
            group = claim.group
            rows.append(BoardRow(claim.story_title, None, counts[group]))
        rows.append(BoardRow(claim.story_title, claim))
    return rows


class ClaimsList(VirtualList):
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "claims-list--story",
        "claims-list--bar",
        "claims-list--status",
        "claims-list--kind",
        "claims-list--meta",
        *(f"claims-list--status-{status}" for status in CLAIM_STATUSES),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[BoardRow] = []

    def set_rows(self, rows: list[BoardRow]) -> None:
        self.rows = rows
        self.set_row_count(len(rows), keep_cursor=False)
        self.move_to(self.claim_near(0, 1), quiet=True)
        self.refresh()

    def claim_near(self, index: int, step: int) -> int:
        """The first claim row from `index` on in direction `step` (else `index`)."""
        probe = index
        while 0 <= probe < len(self.rows):
            if self.rows[probe].claim is not None:
                return probe
            probe += step
        return index

    def action_cursor(self, delta: int) -> None:
        """j/k step over the story headings, so the cursor is always on a claim."""
        target = self.claim_near(self.cursor + delta, 1 if delta > 0 else -1)
        if 0 <= target < len(self.rows) and self.rows[target].claim is not None:
            self.move_to(target)

    def row_text(self, index: int, width: int) -> Text:
        """A heading, or a claim: a bar in its status's colour, then status, kind, words,
        speaker and outlets. Words are painted in text colours that read on every theme; the
        cursor row drops the muted ones, which its background would swallow."""
        row = self.rows[index]
        text = Text(end="")
        claim = row.claim
        if claim is None:
            noun = "claim" if row.count == 1 else "claims"
            text.append("▍", self.style_for("claims-list--bar"))
            text.append(
                f"{clean_text(row.heading)} · {row.count} {noun}",
                self.style_for("claims-list--story"),
            )
            return text
        on_cursor = index == self.cursor

        def muted(name: str) -> Style:
            return Style() if on_cursor else self.style_for(name)

        status = claim.status.ljust(9)
        kind = claim.kind.ljust(11)
        speaker = clean_text(claim.speaker) + ("?" if claim.speaker_detected else "")
        outlets = ", ".join(clean_text(o)[:22] for o in claim.outlets)
        mark = " · ✎" if claim.note else ""  # kept when the outlets are cut
        column = max(12, (width - 22) * 2 // 5)  # the claim keeps most of the row
        meta = "  " + _shared(speaker or "—", outlets, column - len(mark) - 2)
        meta = (meta + mark).ljust(column)  # one width on every row: the columns line up
        room = max(10, width - 2 - len(status) - len(kind) - column)
        body = clean_text(claim.text)
        body = body if len(body) <= room else body[: room - 1] + "…"
        text.append("▌ ", self.style_for(f"claims-list--status-{claim.status}"))
        text.append(
            status,
            muted("claims-list--meta")
            if claim.status == "open"
            else self.style_for("claims-list--status"),
        )
        text.append(kind, muted("claims-list--kind"))
        text.append(body.ljust(room))
        text.append(meta, muted("claims-list--meta"))
        return text


NARROW_META = 16  # cells under which the speaker-and-outlets column gives the speaker alone


def _shared(speaker: str, outlets: str, room: int) -> str:
    """`speaker · outlets` in `room` cells: when both do not fit, each keeps at least half
    (a long speaker pushed the outlets out of the row), and what is cut ends in "…"."""
    joint = " · "
    if len(speaker) + len(joint) + len(outlets) <= room:
        return speaker + joint + outlets
    if room < NARROW_META:  # "S… · C…" says nothing: the speaker alone, cut
        return _cut(speaker, room)
    space = max(2, room - len(joint))
    for_outlets = max(space // 2, space - len(speaker))
    for_speaker = max(1, space - min(len(outlets), for_outlets))
    return (
        _cut(speaker, for_speaker) + joint + _cut(outlets, space - min(len(speaker), for_speaker))
    )


def _cut(words: str, room: int) -> str:
    return words if len(words) <= room else words[: max(0, room - 1)] + "…"


class ClaimsBoardScreen(Screen[JumpTarget | None]):
    # the list has the keys from the first one: Textual's default, the first focusable
    # widget, was the filter box, so `j` typed right after `B` went into the filter
    AUTO_FOCUS = "#claims-list"
    BINDINGS = [
        # 1-4 are named in the detail's last line, not the footer: at 80 columns the footer
        # cut them and everything after
        Binding("escape,q", "close", "Back to the desk", id="claims.close"),
        Binding("slash", "focus_filter", "Filter", id="claims.filter"),
        Binding("1", "status('open')", "Open", show=False, id="claims.open"),
        Binding("2", "status('verified')", "Verified", show=False, id="claims.verified"),
        Binding("3", "status('disputed')", "Disputed", show=False, id="claims.disputed"),
        Binding("4", "status('false')", "False", show=False, id="claims.false"),
        Binding("s", "speaker", "Speaker", id="claims.speaker"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="claims.undo"),
        Binding("c", "note", "Note", id="claims.note"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="claims-board")
        self.desk = desk
        self.claims: list[Claim] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Claims board: claims, quotes and fact-checks by story"), id="claims-title"
        )
        yield Input(
            placeholder="/ filter: words, status: kind: outlet: speaker: story:",
            id="claims-filter",
        )
        yield ClaimsList(id="claims-list")
        yield Static(id="claims-detail")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # a short terminal: the detail below the list gives up rows (at 20 the list had 1)
        self.set_class(event.size.height < SHORT, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT, "-short")
        self._reload(keep_cursor=False)
        self.query_one(ClaimsList).focus()

    # data -------------------------------------------------------------------------------------
    def action_undo(self) -> None:
        """ctrl+z here as on the desk: a status or speaker set a moment ago comes back."""
        from newsdesk.ui.reporting import undo_last

        undo_last(self, self.desk, lambda _undone: self._reload())

    def _reload(self, keep_cursor: bool = True) -> None:
        """Read the board again (after an edit), keeping the cursor on the same claim."""
        claims_list = self.query_one(ClaimsList)
        current = self.current_claim()
        self.claims = self.desk.claims()
        self._apply_filter()
        if keep_cursor and current is not None:
            ids = set(current.highlight_ids)
            for index, row in enumerate(claims_list.rows):
                if row.claim is not None and ids & set(row.claim.highlight_ids):
                    claims_list.move_to(index, quiet=True)
                    break
        self._show_detail()

    def _apply_filter(self) -> None:
        from newsdesk.core.claims import filter_claims

        query = self.query_one("#claims-filter", Input).value
        shown = filter_claims(self.claims, query) if query.strip() else self.claims
        claims_list = self.query_one(ClaimsList)
        claims_list.set_rows(board_rows(shown))
        claims_list.border_title = f"{len(shown)} of {len(self.claims)}"
        self._show_detail()

    def current_claim(self) -> Claim | None:
        claims_list = self.query_one(ClaimsList)
        if 0 <= claims_list.cursor < len(claims_list.rows):
            return claims_list.rows[claims_list.cursor].claim
        return None

    def _no_match(self) -> str:
        """Why the filter shows nothing: a status or kind no claim can have is named."""
        from newsdesk.core.claims import parse_query, unknown_terms

        query = self.query_one("#claims-filter", Input).value
        bad = unknown_terms(parse_query(query))
        if not bad:
            return "No claim matches the filter."
        return (
            f"No claim can match {clean_text(bad[0])[:40]}: statuses are "
            f"{', '.join(CLAIM_STATUSES)}; kinds are {', '.join(CLAIM_KINDS)}."
        )

    def _show_detail(self) -> None:
        claim = self.current_claim()
        detail = self.query_one("#claims-detail", Static)
        if claim is None:
            detail.update(
                Text(
                    "No claims yet: in the reader, h highlights a sentence and H makes it a "
                    "quote, claim or fact-check."
                    if not self.claims
                    else self._no_match()
                )
            )
            return
        text = Text(end="")
        text.append_text(safe_block("▌ " + claim.text.replace("\n", "\n▌ ")))
        speaker = claim.speaker or "unknown"
        if claim.speaker and claim.speaker_detected:
            speaker += " (detected; s saves or corrects it)"
        text.append("\n\n")
        text.append_text(safe_block(f"{claim.kind} · {claim.status} · speaker: {speaker}"))
        for source in claim.sources:
            when = source.published.astimezone(UTC).strftime("%Y-%m-%d")
            text.append("\n")
            text.append_text(safe_block(f"• {source.outlet} · {source.title} · {when}"))
        if claim.note:
            from newsdesk.ui.note_text import note_text

            text.append("\n\n")
            text.append_text(note_text(claim.note))  # styled Markdown, as in the sidebar
        text.append(
            "\n\n1 open · 2 verified · 3 disputed · 4 false · s speaker · c note · "
            "enter opens the passage"
        )
        detail.update(text)

    # events -----------------------------------------------------------------------------------
    @on(Input.Changed, "#claims-filter")
    def _filter(self) -> None:
        self._apply_filter()

    @on(Input.Submitted, "#claims-filter")
    def _filter_done(self) -> None:
        """Enter in the filter hands the keyboard back to the list."""
        self.query_one(ClaimsList).focus()

    def on_key(self, event: events.Key) -> None:
        """up/down in the filter move the list's cursor, as in the notes browser."""
        if isinstance(self.focused, Input) and event.key in ("up", "down"):
            self.query_one(ClaimsList).action_cursor(1 if event.key == "down" else -1)
            event.stop()
            event.prevent_default()

    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        self._show_detail()

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        claim = self.current_claim()
        if claim is not None:
            first = claim.sources[0]
            self.dismiss((first.article_id, first.offset, first.highlight_id))

    # actions ----------------------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        # now, not after a refresh: letters typed in the same burst as `/` go to the filter,
        # not to the list as commands (`s` opened the speaker box with the rest in it)
        self.set_focus(self.query_one("#claims-filter", Input))

    def action_status(self, status: str) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        self.desk.set_claim_status(claim, status)
        self._reload()
        self.notify(f"Claim marked {status}.", timeout=3)

    def action_speaker(self) -> None:
        from newsdesk.ui.screens.modals import PromptModal

        claim = self.current_claim()
        if claim is None:
            return

        def answered(name: str | None) -> None:
            if name is None:
                return
            saved = self.desk.set_claim_speaker(claim, name)
            self._reload()
            named = saved and saved != NO_SPEAKER
            self.notify(f"Speaker: {saved}." if named else "Speaker cleared.", timeout=3)

        self.app.push_screen(
            PromptModal("Who said it?", claim.speaker, placeholder="a name"), answered
        )

    def action_note(self) -> None:
        from newsdesk.ui.screens.note_editor import NoteEditorModal

        claim = self.current_claim()
        if claim is None:
            return

        def saved(text: str | None) -> None:
            if text is None:
                return
            self.desk.save_claim_note(claim, text)
            self._reload()
            self.notify("Note saved." if text.strip() else "Note removed.", timeout=3)

        self.app.push_screen(
            NoteEditorModal("Note on the claim", claim.text, self.desk.claim_note(claim)), saved
        )
