"""Provides VirtualList: a list that renders only the rows on screen (Textual's line API).

A ListView of 10,000 items takes seconds to paint; this paints 50,000 rows as fast as 50,
because `render_line` asks for one visible row at a time.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from newsdesk.ui.widgets.quiet_scroll import QuietScrollView
from newsdesk.ui.widgets.themed import ThemedStyles

MARK_CONTRAST = 3.0  # WCAG's figure for graphics and marks


class VirtualList(ThemedStyles, QuietScrollView, can_focus=True):
    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES = {"virtual-list--cursor", "virtual-list--dim"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, sender: VirtualList, index: int) -> None:
            super().__init__()
            self.list = sender
            self.index = index

        @property
        def control(self) -> VirtualList:
            return self.list

    class Selected(Highlighted):
        pass

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows = 0
        self._row_background: Color | None = None  # the cursor row's, while it renders

    # subclasses ----------------------------------------------------------------------------
    def row_text(self, index: int, width: int) -> Text:  # pragma: no cover - abstract
        raise NotImplementedError

    # data ---------------------------------------------------------------------------------
    def set_row_count(self, rows: int, keep_cursor: bool = True) -> None:
        self.set_virtual_size(Size(0, rows))  # no layout pass (it would repaint the screen)
        self._rows = rows
        target = min(self.cursor, rows - 1) if keep_cursor else 0
        self.set_reactive(VirtualList.cursor, max(0, target))
        self.refresh()

    def refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # rendering ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        if index >= self._rows or width <= 0:
            return Strip.blank(width, self.line_style)
        base, over = self.line_style, Style()
        self._row_background = None
        if index == self.cursor:
            cursor, self._row_background = self.themed("virtual-list--cursor")
            base = base + cursor
            if self._row_background.ansi not in (None, -1):  # -1: the terminal default
                # terminal palette colours cannot be matched against the cursor's: its own
                # text colour (an ANSI theme's block cursor) wins over the row's
                over = Style(color=cursor.color)
        text = self.row_text(index, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(seg.text, (base + seg.style if seg.style else base) + over)
            for seg in text.render(self.app.console, end="")
        ]
        return Strip(segments, width)

    def style_for(self, name: str) -> Style:
        """A component's style with colours resolved for the row being rendered."""
        return self.themed_style(name, self._row_background)

    def mark_style(self, name: str) -> Style:
        """style_for a mark (★, ◆N), made to read at 3:1 on the row: on the cursor row of a
        light theme the warning and accent shades fell under it."""
        return self.themed_style(name, self._row_background, MARK_CONTRAST)

    # movement -------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        if self._rows:
            self.post_message(self.Highlighted(self, new))

    def move_to(self, index: int, quiet: bool = False) -> None:
        """Move the cursor; `quiet` skips the Highlighted message (the caller acts itself)."""
        if not self._rows:
            return
        index = max(0, min(self._rows - 1, index))
        if not quiet:
            self.cursor = index
            return
        old = self.cursor
        self.set_reactive(VirtualList.cursor, index)
        self.refresh_row(old)
        self.refresh_row(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_jump(self, where: int) -> None:
        self.move_to(self._rows - 1 if where < 0 else where)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor there and opens the row, as enter would."""
        index = event.y + self.scroll_offset.y
        if 0 <= index < self._rows:
            self.focus()
            self.cursor = index
            self.action_select()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self._rows)
