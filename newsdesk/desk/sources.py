"""Provides source normalisation: what a user typed (URL, host/path, file path) as a feed address.

One rule for every front end: `example.com/feed` means the web, as in a browser's address
bar; an existing path means that file; anything else is refused with the reason.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.sanitize import lower_scheme_and_host, strip_controls

_FILE_ENDINGS = frozenset({"xml", "rss", "atom", "json", "rdf", "opml", "txt", "html", "htm"})


class InvalidSourceError(NewsdeskError):
    """What was typed is not an address newsdesk can subscribe to."""

    title = "Not a feed address"


def normalise_source(text: str) -> str:
    """A subscription address: an http(s) URL, a file:// URL, or raise InvalidSourceError."""
    text = text.strip()
    if not text:
        raise InvalidSourceError("Enter a feed URL or a file path.")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        # said without them: an escape in the address reached the terminal in the message
        shown = strip_controls(text)
        raise InvalidSourceError(f"{shown} is not a valid address: it holds control characters")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise InvalidSourceError(f"{text} is not a valid address") from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise InvalidSourceError(f"{text} has no host name")
        return lower_scheme_and_host(text)
    if scheme == "file":
        return text
    if scheme == "" or len(scheme) == 1:  # a path, or a Windows drive letter
        path = Path(text).expanduser()
        if path.exists():
            return path.resolve().as_uri()
        host = text.split("/", 1)[0]
        relative = text.startswith(("./", "../", "~")) or host in (".", "..")
        if (
            scheme == ""
            and not relative
            and "." in host
            and host.rsplit(".", 1)[1].lower() not in _FILE_ENDINGS
        ):
            return "https://" + text
        raise InvalidSourceError(f"No such file: {text} (give an http(s) URL or an existing file)")
    if ":" in text and parts.netloc == "" and parts.path.isdigit():
        return "https://" + text  # host:port without a scheme
    raise InvalidSourceError(
        f"Unsupported address {text}: only http(s) URLs and files can be feeds"
    )
