"""Provides ClaimsActions: `B` opens the claims board (enter there jumps back to the
passage), and the palette's export of the board."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object


DEFAULT_EXPORT = "~/newsdesk-claims.md"


class ClaimsActions(_Host):
    CLAIMS_BINDINGS: list[BindingType] = [
        Binding("B", "claims_board", "Claims board", show=False, id="claims.board"),
    ]

    def action_claims_board(self) -> None:
        from newsdesk.ui.screens.claims_board import ClaimsBoardScreen, JumpTarget

        def jump(target: JumpTarget | None) -> None:
            if target is not None:
                self.jump_to(*target)
            else:  # notes and kinds edited on the board show in the open article's sidebar
                self.repaint_marks()

        self.app.push_screen(ClaimsBoardScreen(self.desk), jump)

    def action_export_claims(self) -> None:
        def content(path: Path) -> bytes:
            suffix = path.suffix.lower().lstrip(".")
            fmt = suffix if suffix in ("csv", "json") else "md"
            return self.desk.export_claims(fmt).encode("utf-8")

        self.export_to_prompted_path(
            "Export the claims board (.md, .csv or .json)",
            DEFAULT_EXPORT,
            content,
            "Exported claims",
            remember="last_claims_export",
        )
