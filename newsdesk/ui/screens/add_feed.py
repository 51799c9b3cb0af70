"""Provides AddFeedModal: asks for a feed URL (or file path) and optional tags."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label

from newsdesk.core.sanitize import safe_url


@dataclass(frozen=True, slots=True)
class FeedRequest:
    url: str
    tags: tuple[str, ...]
    full_text: bool = False  # fetch the full article of every new item


def validate_source(value: str) -> str | None:
    """An error message for an unusable source, or None; http(s), file:// and paths are fine."""
    value = value.strip()
    if not value:
        return "Enter a feed URL or a file path."
    scheme = urlsplit(value).scheme.lower()
    if len(scheme) <= 1:
        return None  # a path (or a Windows drive letter)
    if scheme == "file" or safe_url(value, schemes=frozenset({"http", "https"})):
        return None
    return "Only http, https and file sources can be subscribed."


class AddFeedModal(ModalScreen[FeedRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-feed-box", classes="modal-box"):
            yield Label("Add a feed", classes="modal-title")
            yield Input(
                placeholder="https://example.com/feed.xml or ~/feeds/local.rss", id="add-feed-url"
            )
            yield Input(placeholder="tags, comma separated (optional)", id="add-feed-tags")
            yield Checkbox("Fetch the full article of new items", id="add-feed-full-text")
            yield Label("enter adds · escape cancels", id="add-feed-hint", classes="modal-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        url = self.query_one("#add-feed-url", Input).value.strip()
        problem = validate_source(url)
        if problem:
            hint = self.query_one("#add-feed-hint", Label)
            hint.update(problem)
            hint.add_class("error")
            self.query_one("#add-feed-url", Input).focus()
            return
        raw_tags = self.query_one("#add-feed-tags", Input).value
        tags = tuple(t.strip() for t in raw_tags.split(",") if t.strip())
        full_text = self.query_one("#add-feed-full-text", Checkbox).value
        self.dismiss(FeedRequest(url, tags, full_text))

    def action_cancel(self) -> None:
        self.dismiss(None)
