"""Provides numbered_list: the reader's "Links" and "Attachments" blocks after the body.

Every address and description comes from the feed, so each is made safe text; the numbers
are the ones `l` and the body's `[n]` markers use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text

from newsdesk.ui.safe import safe_text


def numbered_list(
    heading: str, rows: Sequence[tuple[str, str]], first: int, style: Callable[[str], Style]
) -> Text:
    """`heading`, then one line per (description, address): `[n] description address`."""
    text = Text(f"{heading}\n", style("reader--heading"))
    for number, (description, url) in enumerate(rows, first):
        text.append(f"[{number}] ", style("reader--link-number"))
        if description:
            text.append_text(safe_text(description, style("reader--meta")))
            text.append(" ")
        text.append_text(safe_text(url, style("reader--url")))
        text.append("\n")
    text.rstrip()
    return text
