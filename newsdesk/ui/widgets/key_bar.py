"""Provides KeyBar: the main keys of the current screen in one painted line.

Textual's Footer mounts a widget per key and recomposes them on every focus change (about
70 ms of the desk's first paint); this is one widget that renders one line. A click on a key
runs its action, as in the stock footer.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # where each key is, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str, DOMNode]] = []
        seen: set[str] = set()
        active = self.screen.active_bindings
        shown = [(a.binding, a.node) for a in active.values() if a.binding.show]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            shown.append((palette.binding, palette.node))
        for binding, node in shown:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            start = len(line)
            line.append(f" {self.app.get_key_display(binding)} ", key_style)
            line.append(f"{binding.description or binding.action} ", text_style)
            spans.append((start, len(line), binding.action, node))
        self._spans = spans
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)  # in the namespace that bound it
                return
