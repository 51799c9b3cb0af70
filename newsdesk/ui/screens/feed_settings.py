"""Provides FeedSettingsModal: a feed's title, tags and full-text switch (`E` on a feed)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from newsdesk.core.models import Feed
from newsdesk.ui.safe import safe_text

FULL_TEXT_LABEL = "Fetch the full article of new items"


@dataclass(frozen=True, slots=True)
class FeedSettings:
    title: str
    tags: tuple[str, ...]
    full_text: bool


def split_tags(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))


class FeedSettingsModal(ModalScreen[FeedSettings | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, feed: Feed, config_full_text: bool = False) -> None:
        super().__init__()
        self.feed = feed
        self.config_full_text = config_full_text

    def compose(self) -> ComposeResult:
        with Vertical(id="feed-settings-box", classes="modal-box"):
            yield Label("Feed settings", classes="modal-title")
            yield Static(safe_text(self.feed.url), id="feed-settings-url")
            yield Input(self.feed.title, placeholder="title (blank: the feed's own)", id="fs-title")
            yield Input(
                ", ".join(self.feed.tags), placeholder="tags, comma separated", id="fs-tags"
            )
            yield Checkbox(FULL_TEXT_LABEL, self.feed.full_text, id="fs-full-text")
            hint = "enter saves · escape cancels"
            if self.config_full_text:
                hint = "the config fetches full articles for this feed too · " + hint
            yield Label(hint, classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#fs-title", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.dismiss(
            FeedSettings(
                self.query_one("#fs-title", Input).value.strip(),
                split_tags(self.query_one("#fs-tags", Input).value),
                self.query_one("#fs-full-text", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
