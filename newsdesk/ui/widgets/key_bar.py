"""Provides KeyBar: the main keys of the current screen in one painted line.

Textual's Footer mounts a widget per key and recomposes them on every focus change (about
70 ms of the desk's first paint); this is one widget that renders one line. A click on a key
runs its action, as in the stock footer. When the line is too narrow for every key, keys
go by KEEP_FIRST: `? Keys`, which lists all the others, is the last to go.

A focus change repaints the line in the frame that shows the new focus: Textual announces
changed bindings only after that frame (Screen.set_focus, call_after_refresh), which cost
a frame of its own; that late announcement repaints nothing when the keys are the same.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from newsdesk.ui.widgets.themed import ThemedStyles

# binding ids in the order they keep their place on a narrow line; others follow, left first
KEEP_FIRST = (
    "app.help",
    "app.quit",
    "desk.toggle_feeds",
    "article.next_unread",
    "desk.search",
    "desk.toggle_notes",
    "note.highlight",
    "note.passage",
    "article.star",
    "feed.refresh_all",
    "note.browser",
    "feed.add",
)


def keep_order(bindings: list[Binding]) -> list[int]:
    """Indexes of `bindings`, most worth keeping first."""
    rank = {binding_id: place for place, binding_id in enumerate(KEEP_FIRST)}
    return sorted(
        range(len(bindings)), key=lambda i: (rank.get(bindings[i].id or "", len(rank)), i)
    )


class KeyBar(ThemedStyles, Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # where each key is, for clicks
        self._painted: tuple[object, ...] | None = None  # the bindings the line shows

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.watch(self.screen, "focused", self._focus_changed, init=False)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _focus_changed(self) -> None:
        self.refresh()

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._shown() != self._painted:
            self.refresh()

    def _shown(self) -> tuple[object, ...]:
        """What the line depends on: the active bindings (key, action, words, owner)."""
        return tuple(
            (key, a.binding.action, a.binding.description, a.binding.show, id(a.node))
            for key, a in self.screen.active_bindings.items()
        )

    def render(self) -> Text:
        self._painted = self._shown()
        key_style = self.themed_style("key-bar--key")
        text_style = self.themed_style("key-bar--description")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str, DOMNode]] = []
        seen: set[str] = set()
        active = self.screen.active_bindings
        shown = [(a.binding, a.node) for a in active.values() if a.binding.show]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            shown.append((palette.binding, palette.node))
        unique = []
        for binding, node in shown:
            if binding.action not in seen:
                seen.add(binding.action)
                unique.append((binding, node))
        labels = [
            (f" {self.app.get_key_display(b)} ", f"{b.description or b.action} ") for b, _ in unique
        ]
        room = self.size.width
        kept: set[int] = set()
        for index in keep_order([b for b, _ in unique]):
            length = sum(map(len, labels[index]))
            if length <= room:
                kept.add(index)
                room -= length
        for index, (binding, node) in enumerate(unique):
            if index not in kept:
                continue
            start = len(line)
            line.append(labels[index][0], key_style)
            line.append(labels[index][1], text_style)
            spans.append((start, len(line), binding.action, node))
        self._spans = spans
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)  # in the namespace that bound it
                return
