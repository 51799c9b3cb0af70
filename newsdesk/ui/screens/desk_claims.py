"""Provides ClaimsActions: `B` opens the claims board; enter there jumps back to the passage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object


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
