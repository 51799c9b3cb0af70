"""Provides Enclosure: a podcast episode's media file, as the parsers find it and the store
keeps it.

Apart from the raw feed shapes (core/feedraw.py): the store and the reader need only this,
and the desk's launch need not set up the parsers' dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A podcast episode's media file: only http(s) URLs survive the parse."""

    url: str
    type: str = ""
    length: int = 0


def enclosure(url: str | None, mime: str | None, length: str | int | None) -> Enclosure | None:
    """An Enclosure from an element's attributes; None unless the URL is http(s)."""
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    size = str(length or "").strip()
    return Enclosure(
        url=url,
        type=" ".join((mime or "").split())[:100],
        length=int(size) if size.isdigit() and len(size) <= 15 else 0,
    )
