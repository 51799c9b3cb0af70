"""Provides fetching of http(s) feed sources as a FetchResult (local files: localfeed).

Every http fetch is bounded: a whole-request deadline (asyncio.timeout) on top of httpx's
per-read timeouts, at most `max_redirects` redirects followed by hand, and a cap on the
*decoded* size, counted while streaming. gzip/deflate are decoded here in 64 KB steps from
`aiter_raw()`, because one small compressed chunk can inflate to tens of MB at once.
Errors are FetchError with one line a person understands.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsdesk import __version__
from newsdesk.core.errors import FetchError


def _import_httpx() -> ModuleType:
    """httpx without its command-line client: its package init imports `httpx._main` (click,
    pygments, rich.syntax: about a third of its import time) whenever those happen to be
    installed, as Textual's dependencies are. A None in sys.modules makes that import fail,
    which httpx expects and handles; the entry is removed again afterwards."""
    block = "httpx" not in sys.modules and "httpx._main" not in sys.modules
    if block:
        sys.modules["httpx._main"] = None  # type: ignore[assignment]  # blocks the import
    try:
        import httpx
    finally:
        if block:
            del sys.modules["httpx._main"]
    return httpx


if TYPE_CHECKING:
    import httpx
else:
    httpx = _import_httpx()

USER_AGENT = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_DEADLINE = 30.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 20.0
MAX_REDIRECTS = 5
_STEP = 64 * 1024  # most bytes one decompress call may return
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, "
    "text/html;q=0.5, */*;q=0.1"
)


class FeedGoneError(FetchError):
    """HTTP 410: the publisher removed the feed; refresh disables it."""


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


def too_large(max_bytes: int) -> FetchError:
    size = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    return FetchError(f"Feed too large: over {size}")


async def fetch_http(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    deadline: float = DEFAULT_DEADLINE,
    max_redirects: int = MAX_REDIRECTS,
    accept: str = _ACCEPT,
) -> FetchResult:
    """GET `url` conditionally; raises FetchError (FeedGoneError for 410) on any failure.
    `accept` lets the page fetcher ask for HTML instead of feeds."""
    headers = {"Accept-Encoding": "gzip, deflate", "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            return await _follow(client, url, headers, max_bytes, max_redirects)
    except TimeoutError:
        raise FetchError(f"Timed out after {deadline:g} s") from None
    except httpx.HTTPError as error:
        raise FetchError(describe_error(error, client)) from None
    except zlib.error:
        raise FetchError("Corrupt compressed response from the server") from None


async def _follow(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int, max_redirects: int
) -> FetchResult:
    current, seen = url, {url}
    permanent: str | None = None
    all_permanent = True
    for _ in range(max_redirects + 1):
        try:
            request = client.build_request("GET", current, headers=headers)
        except httpx.InvalidURL:  # a control character or a bad host in the address itself
            raise FetchError(
                "Not a valid address (it holds a control character or bad host)"
            ) from None
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except httpx.InvalidURL:
            # the request was built, so httpx choked on a redirect's Location (it parses
            # one even when not following): `javascript:x` and the like
            raise FetchError("Redirected to an address that is not http(s)") from None
        try:
            status = response.status_code
            if status != 200:
                await _drain(response)  # a small body read lets the connection be reused
            if status in _REDIRECTS and response.headers.get("location"):
                target = _redirect_target(current, response.headers["location"])
                if status in (301, 308) and all_permanent:
                    permanent = target
                else:
                    all_permanent = False
                if target in seen:
                    raise FetchError("Too many redirects: the address redirects in a loop")
                seen.add(target)
                current = target
                continue
            if status == 304:
                if "If-None-Match" not in headers and "If-Modified-Since" not in headers:
                    # nothing to compare with was sent: "unchanged" would leave a feed added
                    # empty (and never fetched) instead of saying the server is wrong
                    raise FetchError("HTTP 304 Not Modified to a request for the whole feed")
                return FetchResult(
                    current,
                    304,
                    None,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    permanent_url=permanent,
                )
            if status == 410:
                raise FeedGoneError("HTTP 410 Gone: the publisher removed this feed")
            if status >= 400 or status < 200 or status in _REDIRECTS:
                raise FetchError(f"HTTP {status} {_phrase(response)}".rstrip())
            content = await _read_body(response, max_bytes)
            return FetchResult(
                url=current,
                status=status,
                content=content,
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                permanent_url=permanent,
            )
        finally:
            await response.aclose()
    raise FetchError(f"Too many redirects (more than {max_redirects})")


async def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a small body we do not need (304, redirect, error page) so the connection is
    reused; a big one is left unread and its connection closed instead."""
    declared = response.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > limit:
        return  # unknown or large: closing costs less than reading
    seen = 0
    try:
        async for chunk in response.aiter_raw():
            seen += len(chunk)
            if seen > limit:
                return
    except httpx.HTTPError:
        return


def _redirect_target(current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise FetchError("Redirected to an address that is not http(s)")
    return target


def _phrase(response: httpx.Response) -> str:
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return " ".join(response.reason_phrase.split())[:60]


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    coding = response.headers.get("content-encoding", "").strip().lower()
    codings = [c.strip() for c in coding.split(",") if c.strip() not in ("", "identity")]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        raise FetchError(f"Unsupported compression from the server: {coding[:40]}")
    inflater = _Inflater(codings[0]) if codings else None
    declared = response.headers.get("content-length", "")
    if inflater is None and declared.isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes)
    chunks: list[bytes] = []
    total = received = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        if received > max_bytes:
            raise too_large(max_bytes)
        for piece in inflater.feed(raw) if inflater else (raw,):
            total += len(piece)
            if total > max_bytes:
                raise too_large(max_bytes)
            chunks.append(piece)
    if inflater is not None:
        inflater.finish()
    return b"".join(chunks)


class _Inflater:
    """gzip/deflate decoding that never returns more than _STEP bytes from one call."""

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS if self.gzip else zlib.MAX_WBITS)
        self.started = False
        self.done = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self.done:
            try:
                out = self.obj.decompress(data, _STEP)
            except zlib.error:
                if self.gzip or self.started:
                    raise
                # "deflate" is often sent raw, without the zlib header
                self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self.obj.decompress(data, _STEP)
            self.started = True
            if out:
                yield out
            data = self.obj.unconsumed_tail
            while not data and len(out) == _STEP and not self.obj.eof:
                out = self.obj.decompress(b"", _STEP)  # output still pending inside zlib
                if out:
                    yield out
            if self.obj.eof:
                data = self.obj.unused_data
                if data and self.gzip and data[:2] == b"\x1f\x8b":
                    self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS)  # next gzip member
                else:
                    self.done = True

    def finish(self) -> None:
        if not self.done and not self.obj.eof and self.started:
            raise FetchError("Corrupt compressed response from the server: it ends early")


def describe_error(error: httpx.HTTPError, client: httpx.AsyncClient | None = None) -> str:
    """One line a person understands for an httpx failure."""
    if isinstance(error, httpx.ConnectTimeout):
        connect = client.timeout.connect if client is not None else None
        return f"Timed out connecting after {connect:g} s" if connect else "Timed out connecting"
    if isinstance(error, httpx.TimeoutException):
        read = client.timeout.read if client is not None else None
        return f"Timed out: the server sent nothing for {read:g} s" if read else "Timed out"
    if isinstance(error, httpx.ConnectError):
        return _connect_failure(error)
    if isinstance(error, httpx.RemoteProtocolError):
        return "The server closed the connection or sent a broken response"
    if isinstance(error, httpx.ReadError):
        return "Connection lost while reading the feed"
    if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return "Not an http(s) address"
    return "Network error: " + _first_line(str(_chain(error)[-1]) or type(error).__name__)


def _connect_failure(error: httpx.ConnectError) -> str:
    detail = _chain_text(error).lower()
    errnos = {getattr(e, "errno", None) for e in _chain(error)}
    if errno.ECONNREFUSED in errnos or "refused" in detail:
        return "Connection refused"
    if any(isinstance(e, socket.gaierror) for e in _chain(error)) or any(
        s in detail
        for s in (
            "name or service not known",
            "nodename nor servname",
            "name resolution",
            "no address associated",
        )
    ):
        host = urlsplit(str(error.request.url)).hostname if _has_request(error) else ""
        return f"Host not found: {host}" if host else "Host not found"
    if errno.ENETUNREACH in errnos or errno.EHOSTUNREACH in errnos:
        return "Network unreachable"
    if "certificate" in detail or "ssl" in detail:
        return "Secure connection failed: " + _first_line(str(_chain(error)[-1]))
    return "Could not connect: " + _first_line(str(_chain(error)[-1]) or str(error))


def _chain(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _has_request(error: httpx.HTTPError) -> bool:
    try:
        error.request  # noqa: B018  (raises RuntimeError when unset)
    except RuntimeError:
        return False
    return True


def _chain_text(error: BaseException) -> str:
    return " | ".join(str(e) for e in _chain(error) if str(e))


def _first_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 160 else line[:159] + "…"


def make_client(
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    concurrency: int = 16,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """One client per refresh: keep-alive connections shared by every feed. `transport`
    replaces the default pool (refresh passes core.origins.OriginPools); `concurrency` then
    bounds only the pools of proxies set in the environment."""
    slots = max(concurrency, 1)
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        limits=httpx.Limits(max_connections=slots, max_keepalive_connections=slots),
        follow_redirects=False,
        transport=transport,
    )
