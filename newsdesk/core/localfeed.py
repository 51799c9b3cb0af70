"""Provides local feed files read safely, and the test for addresses that are not public.

A feed may be a file (a path or file:// URL, also from an OPML import). Only a regular file is
read: a FIFO, a terminal or another device would block or never end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from newsdesk.core.errors import FetchError
from newsdesk.core.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, FetchResult, too_large

_CHUNK = 1024 * 1024


def is_local(source: str) -> bool:
    scheme = urlsplit(source).scheme.lower()
    return scheme == "file" or scheme == "" or (len(scheme) == 1 and source[1:3] == ":\\")


def local_path(source: str) -> Path:
    parts = urlsplit(source)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(source).expanduser()


def read_local(
    source: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    last_modified: str | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> FetchResult:
    """A feed file's bytes; not modified (content None) when its mtime matches
    `last_modified`, the file's conditional GET.

    Only a regular file is read: a FIFO, a terminal or another device would block or never
    end, so it is refused before it is opened for reading (opened non-blocking, then checked
    again). The read stops at `max_bytes` and after `deadline` seconds (a stalled network
    file system)."""
    path = local_path(source)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _not_regular(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(path)
            stamp = str(info.st_mtime_ns)
            if last_modified is not None and stamp == last_modified:
                return FetchResult(url=source, status=304, content=None, last_modified=stamp)
            data = _read_bounded(handle, max_bytes, deadline)
    except FileNotFoundError:
        raise FetchError(f"File not found: {path}") from None
    except IsADirectoryError:
        raise FetchError(f"Not a file: {path}") from None
    except OSError as error:
        raise FetchError(f"Cannot read {path}: {error.strerror or error}") from None
    return FetchResult(url=source, status=200, content=data, last_modified=stamp)


def _not_regular(path: Path) -> FetchError:
    if path.is_dir():
        return FetchError(f"Is a folder: {path} (give the feed file in it)")
    return FetchError(f"Not a regular file: {path} (a device, pipe or socket is never read)")


def _read_bounded(handle: BinaryIO, max_bytes: int, deadline: float) -> bytes:
    import time

    stop = time.monotonic() + deadline
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise too_large(max_bytes)
        if time.monotonic() > stop:
            raise FetchError(f"Timed out after {deadline:g} s reading the file")


def is_private_host(url: str) -> bool:
    """Whether the URL names a loopback, link-local, private or otherwise internal address
    (an IP literal, `localhost` or a `.localhost`/`.local`/`.internal` name)."""
    import ipaddress

    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if not host:
        return True
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global
