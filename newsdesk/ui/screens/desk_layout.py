"""Provides LayoutActions: the desk's panes follow the terminal's width, and keys toggle them.

The screen carries classes the stylesheet keys on: `-narrow` (below NARROW columns: the notes
sidebar collapses) and `-compact` (below COMPACT: the feed list collapses too), so the
article list and the reader keep the room at 80 columns. `-feeds-toggled` / `-notes-toggled`
record a toggle key: a pane that has room is hidden by it; a collapsed pane comes back as an
overlay over the reader, which closes again when focus leaves it (or on escape).
Textual calls the message handlers of every class in the MRO, so this mixin's on_mount,
on_resize and _on_screen_resume run beside the screen's own (before Screen's).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.widget import Widget

NARROW = 120  # columns below which the notes sidebar collapses
COMPACT = 100  # columns below which the feed list collapses too
SHORT = 32  # rows below which the search box is one row (its border took 2 of 7 at 24 rows)
PANES = {"feeds": ("#feed-list", "-compact"), "notes": ("#notes", "-narrow")}


class LayoutActions:
    LAYOUT_BINDINGS = [
        Binding("f", "toggle_feeds", "Feeds", id="desk.toggle_feeds"),
        Binding("w", "toggle_notes", "Notes pane", id="desk.toggle_notes"),
    ]
    _resumed = False  # the screen has been resumed once (shown after its mount)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual styles the whole screen again on every resume; the first comes straight
        # after the mount that styled every widget, for nothing (~6 ms of the first frame)
        if not self._resumed:
            event.refresh_styles = False
        self._resumed = True

    def fit_layout(self: Any, width: int, height: int) -> None:
        """The classes for a terminal of this size. The screen calls it before composing
        too: set on mount, they styled every widget a second time at 80x24."""
        self.apply_width(width)
        self.set_class(height < SHORT, "-short")

    def on_mount(self: Any) -> None:
        self.fit_layout(*self.app.size)

    def on_resize(self: Any, event: events.Resize) -> None:
        self.fit_layout(*event.size)

    def apply_width(self: Any, width: int) -> None:
        """Set the width classes; a change of class resets the toggles, since a pane
        hidden for room at one width is an overlay at another."""
        classes = {"-narrow": width < NARROW, "-compact": width < COMPACT}
        if any(self.has_class(name) != on for name, on in classes.items()):
            classes |= {"-feeds-toggled": False, "-notes-toggled": False}
        self.set_classes_for_layout(classes)

    def set_classes_for_layout(self: Any, classes: dict[str, bool]) -> None:
        focused = self.app.focused
        self.update_classes(classes)
        if focused is not None and not self.pane_shown_for(focused):
            self.focus_article_list()

    # which panes show, and how ----------------------------------------------------------------
    def pane_collapsed(self: Any, pane: str) -> bool:
        """True when the terminal is too narrow for the pane to sit beside the others."""
        return bool(self.has_class(PANES[pane][1]))

    def pane_shown(self: Any, pane: str) -> bool:
        return self.pane_collapsed(pane) == self.has_class(f"-{pane}-toggled")

    def pane_is_overlay(self: Any, pane: str) -> bool:
        return bool(self.pane_collapsed(pane) and self.has_class(f"-{pane}-toggled"))

    def pane_shown_for(self: Any, widget: Widget) -> bool:
        """False when `widget` sits in a pane the current classes hide."""
        for pane, (selector, _) in PANES.items():
            node = self.query_one(selector)
            if (widget is node or node in widget.ancestors) and not self.pane_shown(pane):
                return False
        return True

    def focus_article_list(self: Any) -> None:
        self.query_one("#article-list").focus()

    # keys -----------------------------------------------------------------------------------
    def action_toggle_feeds(self: Any) -> None:
        self.toggle_pane("feeds")

    def action_toggle_notes(self: Any) -> None:
        self.toggle_pane("notes")

    def toggle_pane(self: Any, pane: str) -> None:
        name = f"-{pane}-toggled"
        self.set_classes_for_layout({name: not self.has_class(name)})
        if self.pane_is_overlay(pane):  # brought over the reader: keys go to it, and now:
            # keys typed in the same burst as `f` went to the list the pane covers, because
            # the pane could not take the focus until its styles showed it, a frame later
            node = self.query_one(PANES[pane][0])
            self.app.stylesheet.update(node)
            self.set_focus(node)
            # and painted whole once it has its place: a key of the same burst moved it
            # before then, and its first row stayed as the frame before had it
            self.call_after_refresh(node.refresh)

    def close_overlays(self: Any) -> bool:
        """Close any pane shown over the reader; True if one was open."""
        open_panes = [pane for pane in PANES if self.pane_is_overlay(pane)]
        if open_panes:
            self.set_classes_for_layout({f"-{pane}-toggled": False for pane in open_panes})
            if "notes" in open_panes and self.open_id is not None:
                self.query_one("#reader").focus()  # the notes are the open article's
        return bool(open_panes)

    def on_descendant_focus(self: Any, event: events.DescendantFocus) -> None:
        """An overlay closes when focus moves elsewhere: enter on a feed, tab, a click."""
        for pane, (selector, _) in PANES.items():
            node = self.query_one(selector)
            focused = event.widget
            inside = focused is node or node in focused.ancestors
            if self.pane_is_overlay(pane) and not inside:
                self.set_class(False, f"-{pane}-toggled")
