"""Provides fetching of feed sources: local files and http(s) URLs, as a FetchResult.

The http side is intentionally small here; caps, bounded decompression and deadlines grow in
this module without changing its FetchResult contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from newsdesk import __version__
from newsdesk.core.errors import FetchError

USER_AGENT = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    status: int
    content: bytes | None  # None when the server answered 304
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None  # the new address after a 301/308

    @property
    def not_modified(self) -> bool:
        return self.content is None


def is_local(source: str) -> bool:
    scheme = urlsplit(source).scheme.lower()
    return scheme == "file" or scheme == "" or (len(scheme) == 1 and source[1:3] == ":\\")


def local_path(source: str) -> Path:
    parts = urlsplit(source)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(source).expanduser()


def read_local(source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> FetchResult:
    path = local_path(source)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(f"File not found: {path}") from None
    except IsADirectoryError:
        raise FetchError(f"Not a file: {path}") from None
    except OSError as error:
        raise FetchError(f"Cannot read {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise FetchError(f"Feed too large: over {max_bytes // (1024 * 1024)} MB")
    return FetchResult(url=source, status=200, content=data)


async def fetch_http(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FetchResult:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = await client.get(url, headers=headers, follow_redirects=True)
    except httpx.TimeoutException:
        raise FetchError("Timed out") from None
    except httpx.HTTPError as error:
        raise FetchError(f"Network error: {error}") from None
    if response.status_code == 304:
        return FetchResult(url=url, status=304, content=None, etag=etag,
                           last_modified=last_modified)
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
    content = response.content
    if len(content) > max_bytes:
        raise FetchError(f"Feed too large: over {max_bytes // (1024 * 1024)} MB")
    return FetchResult(
        url=str(response.url),
        status=response.status_code,
        content=content,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def make_client(timeout: float = 30.0, connect_timeout: float = 10.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout, connect=connect_timeout),
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=32),
    )
