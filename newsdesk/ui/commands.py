"""Provides DeskCommands: desk actions in the command palette (ctrl+p), beside themes."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (palette text, help, action name on the desk screen)
DESK_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Refresh all feeds", "Fetch every feed now (R)", "refresh_all"),
    ("Add a feed", "Subscribe to a URL or a local file (a)", "add_feed"),
    ("Import OPML", "Subscribe to every feed in an OPML file (i)", "import_opml"),
    ("Export OPML", "Write your subscriptions to an OPML file", "export_opml"),
    ("Export notes", "Write every highlight and note to Markdown or JSON (e)", "export_notes"),
    ("Notes browser", "Every highlight and note on the desk (N)", "notes_browser"),
    (
        "Claims board",
        "Claims, quotes and fact-checks by story, with their status (B)",
        "claims_board",
    ),
    ("Export claims", "Write the claims board to Markdown, CSV or JSON", "export_claims"),
    ("Toggle unread only", "Show only unread articles (u)", "toggle_unread_only"),
    ("Search", "Filter articles by text, bodies and notes (/)", "search"),
    (
        "Show or hide the feed list",
        "On a narrow terminal it opens over the reader (f)",
        "toggle_feeds",
    ),
    (
        "Show or hide the notes pane",
        "On a narrow terminal it opens over the reader (w)",
        "toggle_notes",
    ),
    ("Load the sample desk", "Add the bundled sample feeds (S)", "load_sample"),
)


class DeskCommands(Provider):
    async def discover(self) -> Hits:
        for text, help_text, action in DESK_COMMANDS:
            yield DiscoveryHit(text, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action in DESK_COMMANDS:
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(text), partial(self._run, action), help=help_text
                )

    async def _run(self, action: str) -> None:
        await self.app.screen.run_action(action)
