"""Provides per-host limits for many requests at once: a gate per host, and one small
connection pool per origin behind a single httpx client.

A refresh asks many hosts at once, but no one host for more than `per_host` requests at a
time (browsers and URLSession keep to 6 connections a host). One pool per origin also keeps
httpcore cheap: its pool walks every connection it holds, several times for each request, so
one shared pool of 64 connections costs three times the CPU of one of 16 for the same feeds.
A host's pools close once its last feed is fetched: a refresh of a thousand hosts never holds
a thousand idle sockets.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from urllib.parse import urlsplit

from newsdesk.core.fetch import httpx


def host_of(url: str) -> str:
    """The host a request to `url` goes to ("" for a file path or a malformed address)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostGates:
    """At most `per_host` requests in flight to one host, and how many feeds each host still
    has to fetch."""

    def __init__(self, per_host: int, urls: Iterable[str]) -> None:
        self.per_host = max(1, per_host)
        self._gates: dict[str, asyncio.Semaphore] = {}
        self._left = Counter(host_of(u) for u in urls)

    def gate(self, url: str) -> asyncio.Semaphore:
        host = host_of(url)
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = asyncio.Semaphore(self.per_host)
        return gate

    def turn(self, url: str, slots: asyncio.Semaphore) -> Turn:
        """The host's turn, then one of `slots` (no slot is held while a busy host is
        waited for); see Turn."""
        return Turn(self.gate(url), slots)

    def finished(self, url: str) -> bool:
        """Count one feed of the host of `url` done; True when it was the host's last."""
        host = host_of(url)
        self._left[host] -= 1
        return self._left[host] <= 0


class Turn:
    """Holds a host's gate and a slot; `leave_host` gives the host's back early (its request
    is done) while the slot is kept, e.g. while the fetched feed waits for a parser."""

    def __init__(self, host: asyncio.Semaphore, slots: asyncio.Semaphore) -> None:
        self.host = host
        self.slots = slots
        self.on_host = False

    async def __aenter__(self) -> Turn:
        await self.host.acquire()
        try:
            await self.slots.acquire()
        except BaseException:
            self.host.release()
            raise
        self.on_host = True
        return self

    def leave_host(self) -> None:
        if self.on_host:
            self.on_host = False
            self.host.release()

    async def __aexit__(self, *exc: object) -> None:
        self.leave_host()
        self.slots.release()


class OriginPools(httpx.AsyncBaseTransport):
    """An httpx transport that sends each request through its origin's own pool of at most
    `per_host` connections. The TLS context (the CA bundle: 20 ms and 1.7 MB) is made once,
    for the first https origin, and shared; a plain-http origin's pool never starts TLS and
    gets a context that trusts nothing, so no mistake could make it skip verification."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}
        self._busy: Counter[tuple[bytes, bytes, int | None]] = Counter()
        self._tls: ssl.SSLContext | None = None
        self._no_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, with no CA at all

    def _pool(self, key: tuple[bytes, bytes, int | None]) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(key)
        if pool is None:
            context = self._no_tls
            if key[0] != b"http":
                if self._tls is None:
                    self._tls = httpx.create_ssl_context()
                context = self._tls
            limits = httpx.Limits(
                max_connections=self.per_host, max_keepalive_connections=self.per_host
            )
            pool = self._pools[key] = httpx.AsyncHTTPTransport(verify=context, limits=limits)
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pool(key)
        self._busy[key] += 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._release(key)
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Tracked(response.stream, lambda: self._release(key)),
            extensions=response.extensions,
        )

    def _release(self, key: tuple[bytes, bytes, int | None]) -> None:
        self._busy[key] -= 1

    async def close_host(self, url: str) -> None:
        """Close the pools of the host of `url` that no request is using (a redirect from
        another host's feed may still be on its way there: that pool closes with the client)."""
        try:
            host = httpx.URL(url).raw_host
        except (httpx.InvalidURL, TypeError, ValueError):
            return
        for key in [k for k in self._pools if k[1] == host]:
            if self._busy[key] <= 0:
                await self._pools.pop(key).aclose()
                del self._busy[key]

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


class _Tracked(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed (the request is over then)."""

    def __init__(self, stream: httpx.AsyncByteStream, on_close: Callable[[], None]) -> None:
        self._stream = stream
        self._on_close = on_close
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if not self._closed:
                self._closed = True
                self._on_close()
