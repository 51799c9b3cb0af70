"""Provides the one-line description of a podcast episode's attachments (its enclosures).

The reader, the links dialog and `newsdesk show` all describe an attachment the same way:
its media type, its size in human units and its address, cleaned for a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.core.enclosure import Enclosure
from newsdesk.core.sanitize import OPENABLE_SCHEMES, clean_line, safe_url

_UNITS = ("KB", "MB", "GB", "TB")


def human_size(length: int) -> str:
    """`length` bytes in decimal units ("48.2 MB"); "" when the feed did not say (0)."""
    if length <= 0:
        return ""
    if length < 1000:
        return f"{length} B"
    size = float(length)
    for unit in _UNITS:
        size /= 1000
        if size < 1000 or unit == _UNITS[-1]:
            return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"
    return ""  # not reached


def openable(attachments: Iterable[Enclosure]) -> list[Enclosure]:
    """Only the attachments whose address a browser may be sent to (http/https)."""
    return [a for a in attachments if safe_url(a.url, schemes=OPENABLE_SCHEMES)]


def describe(attachment: Enclosure) -> str:
    """ "audio/mpeg · 48.2 MB" (what is known of it), or "file" when nothing is."""
    parts = [clean_line(attachment.type, 60), human_size(attachment.length)]
    return " · ".join(p for p in parts if p) or "file"


def attachment_line(attachment: Enclosure) -> str:
    """One safe line: description, then the address."""
    return f"{describe(attachment)} · {clean_line(attachment.url)}"
