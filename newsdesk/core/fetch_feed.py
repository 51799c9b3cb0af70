"""Provides fetch_feed: one subscription's bytes, read from a file or fetched over http(s),
following an HTML page to the feed it links to."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.core.discover import feed_links, looks_like_html
from newsdesk.core.errors import ParseError
from newsdesk.core.fetch import FetchError, FetchResult, fetch_http
from newsdesk.core.localfeed import is_local, read_local
from newsdesk.core.models import Feed

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True, slots=True)
class Limits:
    """What one feed may cost: seconds for the whole fetch, and decoded bytes."""

    deadline: float
    max_bytes: int


async def fetch_feed(
    client: httpx.AsyncClient, feed: Feed, limits: Limits
) -> tuple[FetchResult, str | None]:
    """The feed's bytes (following an HTML page to the feed it links to), and the address
    the feed should be stored under from now on, if that changed."""
    if is_local(feed.url):
        reading = asyncio.to_thread(
            read_local, feed.url, limits.max_bytes, feed.last_modified, limits.deadline
        )
        try:
            async with asyncio.timeout(limits.deadline + 1):
                result = await reading
        except TimeoutError:
            raise FetchError(f"Timed out after {limits.deadline:g} s reading the file") from None
        return result, None
    result = await fetch_http(
        client, feed.url, feed.etag, feed.last_modified, limits.max_bytes, deadline=limits.deadline
    )
    if result.not_modified or not looks_like_html(result.content or b"", result.content_type):
        return result, result.permanent_url
    found = await _discover(client, result, limits)
    return found, found.url


async def _discover(client: httpx.AsyncClient, page: FetchResult, limits: Limits) -> FetchResult:
    """The feed an HTML page links to, fetched; ParseError if the page links to none."""
    links = feed_links(page.content or b"", page.url)
    if not links:
        raise ParseError(f"Not a feed: {page.url} is an HTML page with no feed link")
    try:
        found = await fetch_http(
            client, links[0], max_bytes=limits.max_bytes, deadline=limits.deadline
        )
    except FetchError as error:
        raise FetchError(f"The page's feed link {links[0]} failed: {error.message}") from None
    if looks_like_html(found.content or b"", found.content_type):
        raise ParseError(f"Not a feed: the page's feed link {links[0]} is another HTML page")
    return FetchResult(
        found.permanent_url or found.url,
        found.status,
        found.content,
        found.content_type,
        found.etag,
        found.last_modified,
    )
