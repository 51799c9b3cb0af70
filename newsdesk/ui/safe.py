"""Provides safe_text: the only way feed-derived strings become something a widget shows.

A `Text` is never parsed as markup, and the cleaning drops control characters, so a title
like `[@click=app.quit]` or one carrying ESC sequences shows literally and harmlessly.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from newsdesk.core.sanitize import clean_text, strip_controls


def safe_text(value: str | None, style: str | Style = "") -> Text:
    return Text(clean_text(value), style=style, end="")


def safe_block(value: str | None, style: str | Style = "") -> Text:
    """Multi-line text (bodies, notes): controls stripped, line breaks kept."""
    return Text(strip_controls(value or ""), style=style, end="")
