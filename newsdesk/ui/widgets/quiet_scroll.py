"""Provides QuietScrollView: a ScrollView whose scrollbar is refreshed when its sizes change,
not on every layout pass of the screen, and whose virtual size can change without one.

Textual's ScrollView compares its own virtual size with the one the compositor hands it
(its region's, which differs whenever there is anything to scroll), so it refreshed its
scrollbar on every layout pass. The compositor repaints the bounding box of all dirty
regions: with four scrolling panes, a letter typed in the search box (the Input asks for a
layout pass on every change) repainted nearly the whole screen, 20-25 ms at 160x48. And a
refresh asked for during a layout pass is painted in a frame of its own after it; a
resized scrollbar asked for a second layout pass (see QuietScrollBar).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget


class QuietScrollBar(ScrollBar):
    """A scrollbar whose resize asks for no second layout pass.

    Textual gives a resized widget its region's size as virtual size with `layout=True`,
    which schedules another layout pass of the whole screen after the one that resized it
    (opening the search box shortens the article list, and so its scrollbar). Nothing is
    laid out inside a scrollbar and it paints from its window_* sizes, which its pane
    sets: the new size is recorded without that pass."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class QuietScrollView(ScrollView):
    _sizes_seen: tuple[Size, Size] | None = None  # region and container size, last pass
    _virtual_seen: Size | None = None  # the virtual size the scrollbar was last given

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """As Widget.vertical_scrollbar (created on first use), a QuietScrollBar."""
        if self._vertical_scrollbar is None:
            bar = QuietScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if (size, container_size) == self._sizes_seen and self.virtual_size == self._virtual_seen:
            return False  # what ScrollView would do, minus the scrollbar refresh
        self._sizes_seen, self._virtual_seen = (size, container_size), self.virtual_size
        return super()._size_updated(size, virtual_size, container_size, layout)

    def set_virtual_size(self, size: Size) -> None:
        """Apply a new virtual size now, without the layout pass `virtual_size = ...` asks
        for (a layout follows only if the scrollbar appears or goes: show_vertical_scrollbar
        is a layout reactive)."""
        if size == self.virtual_size:
            return
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if self.vertical_scrollbar.is_mounted:
            self._virtual_seen = size
        # else its refresh is lost (Textual repaints a widget refreshed before its mount
        # only if something else dirties it): the next layout pass updates it as usual
