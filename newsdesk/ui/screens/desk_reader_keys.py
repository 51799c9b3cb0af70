"""Provides ReaderKeys: find in the open article and copy to the clipboard.

A search hit opens the article at its first match; `{` / `}` step through the matches and
`/` in the reader finds other text in the article. Copies go through the terminal (OSC 52,
Textual's `copy_to_clipboard`), so they work over ssh too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.widgets import Static

from newsdesk.ui.widgets.reader import ArticleReader

if TYPE_CHECKING:
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object

MAX_MATCHES = 10_000


def find_matches(text: str, needle: str) -> list[int]:
    """Offsets of every case-insensitive occurrence of `needle` in `text`."""
    if not needle.strip():
        return []
    found = re.finditer(re.escape(needle.strip()), text, re.IGNORECASE)
    return [m.start() for _, m in zip(range(MAX_MATCHES), found, strict=False)]


class ReaderKeys(_Host):
    READER_BINDINGS: list[BindingType] = [
        Binding(
            "right_curly_bracket",
            "find(1)",
            "Next match in the article",
            show=False,
            id="reader.find_next",
        ),
        Binding(
            "left_curly_bracket",
            "find(-1)",
            "Previous match in the article",
            show=False,
            id="reader.find_prev",
        ),
        Binding("y", "copy_link", "Copy the article's link", show=False, id="article.copy_link"),
        Binding(
            "Y", "copy_quote", "Copy sentence or highlight", show=False, id="reader.copy_quote"
        ),
    ]
    find_text: str = ""
    find_at: int = -1

    # find -------------------------------------------------------------------------------
    def open_at_first_match(self, needle: str) -> None:
        """After opening an article from a search: the cursor on the first match, if any."""
        self.find_text, self.find_at = needle, -1
        if needle and self._matches():
            self.action_find(1)

    def forget_find(self) -> None:
        """No text to find any more (the search it came from is over, another article is
        open): } and { say so, and a "Match n of m" in the status line goes."""
        if self.find_text:
            self.find_text, self.find_at = "", -1
            status = self.query_one("#status-line", Static)
            if str(status.render()).startswith(("Match ", "No more matches")):
                self.clear_said()

    def _matches(self) -> list[int]:
        if self.open_rendered is None:
            return []
        return find_matches(self.open_rendered.text, self.find_text)

    def action_find(self, direction: int) -> None:
        if self.open_rendered is None:
            self.notify("Open an article first (enter).", timeout=3)
            return
        if not self.find_text:
            self.say("Nothing to find yet: / in the reader finds text in the article.")
            return
        matches = self._matches()
        if not matches:
            self.say(f"“{self.find_text}” is not in this article.")
            return
        later = [m for m in matches if (m > self.find_at if direction > 0 else m < self.find_at)]
        if not later:
            self.say(f"No more matches {'below' if direction > 0 else 'above'}.")
            return
        self.find_at = later[0] if direction > 0 else later[-1]
        reader = self.query_one(ArticleReader)
        reader.move_cursor_to_offset(self.find_at)
        self.say(f"Match {matches.index(self.find_at) + 1} of {len(matches)}: }} next, {{ back")

    def action_find_in_article(self) -> None:
        if self.open_rendered is None:
            self.notify("Open an article first (enter).", timeout=3)
            return

        def chosen(value: str | None) -> None:
            if value is None or not value.strip():
                return
            self.open_at_first_match(value.strip())
            if not self._matches():
                self.say(f"“{value.strip()}” is not in this article.")

        from newsdesk.ui.screens.modals import PromptModal

        hint = "enter finds · escape cancels"
        self.app.push_screen(PromptModal("Find in this article", self.find_text, hint=hint), chosen)

    # clipboard ----------------------------------------------------------------------------
    def action_copy_link(self) -> None:
        article = self.target_article()
        if article is None or not article.link:
            self.notify("This article has no web address.", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(article.link)
        self.say(f"Copied {article.link}")

    def action_copy_quote(self) -> None:
        """The highlight under the cursor (else the sentence), without link numbers, with its
        title and address, as a quotation ready to paste."""
        if self.open_rendered is None or self.open_id is None:
            self.notify("Open an article first (enter).", timeout=3)
            return
        reader = self.query_one(ArticleReader)
        mark = reader.mark_at_cursor()
        start, end = (mark.start, mark.end) if mark else reader.selection_range()
        if end <= start:
            return
        quote = " ".join(self.open_rendered.plain(start, end).split())
        article = self.state.listed(self.open_id) or self.desk.article(self.open_id)
        source = ""
        if article is not None:
            source = f"\n— {article.title}" + (f", {article.link}" if article.link else "")
        self.app.copy_to_clipboard(f"“{quote}”{source}")
        self.say("Copied the highlight with its source." if mark else "Copied the sentence.")
