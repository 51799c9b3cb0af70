"""Provides LineView: a ScrollView of pre-rendered lines, the base of the reader and sidebar.

Content is rendered to strips once per change; Textual then paints only visible lines. A
new content height is applied without a layout pass, because a layout pass repaints the
whole screen (30-60 ms here) and these views change on every open, highlight and note.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.strip import Strip

from newsdesk.ui.widgets.quiet_scroll import QuietScrollView
from newsdesk.ui.widgets.themed import ThemedStyles


class LineView(ThemedStyles, QuietScrollView):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Strip] = []
        self._width = 0

    def _layout(self) -> None:  # pragma: no cover - abstract
        """Render the content at `self.content_width()` and call `set_lines`."""
        raise NotImplementedError

    def content_width(self) -> int:
        self._width = max(4, self.scrollable_content_region.width)
        return self._width

    def render_lines_of(self, renderable: RenderableType, width: int) -> list[Strip]:
        console = self.app.console
        lines = console.render_lines(renderable, console.options.update_width(width), pad=True)
        return [Strip(line, width) for line in lines]

    def set_lines(self, lines: list[Strip]) -> None:
        self._lines = lines
        # Widget.virtual_size would schedule a layout; the scrollbars are all that depends
        # on it here (overflow-y is fixed in the stylesheet)
        self.set_virtual_size(Size(self._width, len(lines)))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if width != self._width and width > 0:
            # laid out at another width (before the first layout pass, or while hidden by a
            # narrow-terminal rule): render again at this one now, so this frame shows it (a
            # later pass let the first frame show the text wrapped four cells wide)
            self._layout()
        if index >= len(self._lines):
            return Strip.blank(width, self.line_style)
        return self._lines[index].apply_style(self.line_style).extend_cell_length(width)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()
