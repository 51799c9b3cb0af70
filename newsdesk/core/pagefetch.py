"""Provides fetching article pages and extracting them, many at once, politely and bounded.

Every request goes through core.fetch's hardened `fetch_http` (size cap, whole-request
deadline, bounded decompression, redirect limit, http/https only), with its own client and
User-Agent, at most `concurrency` requests in flight and at most `per_host` to one host.
Extraction runs in a worker thread so a desk's event loop keeps painting.

Local pages: a feed is untrusted, so a `file:` link in it could name any file the user can
read (an SSH key, a browser profile). `file:` URLs are therefore refused unless the caller
hands a `local_root`, and then only a regular file inside it, symlinks resolved, under the
size cap, is read. The offline demo uses `local_pages` instead: a map, built by the caller
from files it copied itself (core.sample), from https addresses to pages on disk; a feed
cannot add to it, and it is consulted before the network.
"""

from __future__ import annotations

import asyncio
import functools
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsdesk import __version__
from newsdesk.core.errors import ExtractError, FetchError
from newsdesk.core.extract import MAX_PAGE_BYTES, Extracted, extract_article
from newsdesk.core.fetch import DEFAULT_DEADLINE, fetch_http
from newsdesk.core.localfeed import local_path

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"newsdesk/{__version__} (+full-text)"
DEFAULT_CONCURRENCY = 8
PER_HOST = 2
PAGE_DEADLINE = min(20.0, DEFAULT_DEADLINE)
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# fetch_http speaks of feeds; these pages are articles
_WORDING = (
    ("Feed too large", "Page too large"),
    ("reading the feed", "reading the page"),
    ("the publisher removed this feed", "the publisher removed this page"),
)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page to extract, with the feed item's title and summary as hints."""

    url: str
    title_hint: str = ""
    summary_hint: str = ""


@dataclass(frozen=True, slots=True)
class PageResult:
    """The article, or the one-line reason there is none."""

    url: str
    article: Extracted | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


Progress = Callable[[int, int, PageResult], None]


def make_page_client(concurrency: int = DEFAULT_CONCURRENCY) -> httpx.AsyncClient:
    import httpx

    from newsdesk.core.fetch import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT

    slots = max(concurrency, 1)
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(DEFAULT_READ_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT),
        limits=httpx.Limits(max_connections=slots, max_keepalive_connections=slots),
        follow_redirects=False,
    )


def read_page_file(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """A regular file's bytes, at most `max_bytes`: FIFOs, devices and folders are refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ExtractError(f"File not found: {path}") from None
    except OSError as error:
        raise ExtractError(f"Cannot read {path}: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ExtractError(f"Not a regular file: {path}")
        if info.st_size > max_bytes:
            raise ExtractError(f"Page too large: over {max_bytes // (1024 * 1024) or 1} MB")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ExtractError(f"Page too large: over {max_bytes // (1024 * 1024) or 1} MB")
    return data


def local_page_path(url: str, local_root: Path | None) -> Path:
    """The file a file: URL names, if it lies inside `local_root`; else ExtractError."""
    if local_root is None:
        raise ExtractError("Local files are not fetched from feed links")
    root = local_root.resolve()
    path = local_path(url).resolve()
    if not path.is_relative_to(root):
        raise ExtractError("Local file outside the sample pages: not read")
    return path


async def fetch_page(
    client: httpx.AsyncClient,
    request: PageRequest,
    *,
    max_bytes: int = MAX_PAGE_BYTES,
    deadline: float = PAGE_DEADLINE,
    local_root: Path | None = None,
    local_pages: Mapping[str, Path] | None = None,
) -> Extracted:
    """Fetch one page and extract its article; raises ExtractError with a one-line reason."""
    loaded = await load_page(
        client,
        request.url,
        max_bytes=max_bytes,
        deadline=deadline,
        local_root=local_root,
        local_pages=local_pages,
    )
    return await _extract(loaded, request, max_bytes)


@dataclass(frozen=True, slots=True)
class LoadedPage:
    url: str  # after redirects: what relative links resolve against
    data: bytes
    headers: dict[str, str]


async def load_page(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int = MAX_PAGE_BYTES,
    deadline: float = PAGE_DEADLINE,
    local_root: Path | None = None,
    local_pages: Mapping[str, Path] | None = None,
) -> LoadedPage:
    """The page's bytes and headers, from the network or an allowed local file."""
    scheme = urlsplit(url).scheme.lower()
    if local_pages and url in local_pages:
        data = await asyncio.to_thread(read_page_file, local_pages[url], max_bytes)
        return LoadedPage(url, data, {"content-type": "text/html"})
    if scheme == "file":
        path = local_page_path(url, local_root)
        return LoadedPage(url, await asyncio.to_thread(read_page_file, path, max_bytes), {})
    if scheme not in ("http", "https"):
        raise ExtractError(f"Not an http(s) address: {url[:80]}")
    try:
        fetched = await fetch_http(
            client, url, max_bytes=max_bytes, deadline=deadline, accept=_ACCEPT
        )
    except FetchError as error:
        raise ExtractError(_reword(error.message)) from None
    return LoadedPage(fetched.url, fetched.content or b"", {"content-type": fetched.content_type})


async def _extract(
    loaded: LoadedPage, request: PageRequest, max_bytes: int, executor: Executor | None = None
) -> Extracted:
    """Extraction in a worker thread, or in `executor` (a process pool: no GIL shared with
    the desk's event loop, so keys stay as quick as without it); a broken pool falls back
    to a thread."""
    job = functools.partial(
        extract_article,
        loaded.data,
        loaded.url,
        loaded.headers,
        title_hint=request.title_hint,
        summary_hint=request.summary_hint,
        max_bytes=max_bytes,
    )
    if executor is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return await asyncio.get_running_loop().run_in_executor(executor, job)
        except BrokenProcessPool:
            pass
    return await asyncio.to_thread(job)


async def extract_pages(
    requests: Sequence[PageRequest | str],
    *,
    client: httpx.AsyncClient | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = PER_HOST,
    max_bytes: int = MAX_PAGE_BYTES,
    deadline: float = PAGE_DEADLINE,
    local_root: Path | None = None,
    local_pages: Mapping[str, Path] | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[PageResult]:
    """Fetch and extract every page concurrently; results in input order, one per request.

    `progress(done, total, result)` is called as each page finishes. A page's failure is
    its result's `error`; it never stops the others. `local_root`/`local_pages`: see above.
    `executor`: where pages are extracted (default: a thread each).
    """
    items = [PageRequest(r) if isinstance(r, str) else r for r in requests]
    own_client = client is None
    active = make_page_client(concurrency) if client is None else client
    slots = asyncio.Semaphore(max(concurrency, 1))
    hosts: dict[str, asyncio.Semaphore] = {}
    done = 0

    async def one(item: PageRequest) -> PageResult:
        nonlocal done
        host = (urlsplit(item.url).hostname or "").lower()
        gate = hosts.setdefault(host, asyncio.Semaphore(max(per_host, 1)))
        try:
            async with gate, slots:  # the limits are on requests, not on extraction
                loaded = await load_page(
                    active,
                    item.url,
                    max_bytes=max_bytes,
                    deadline=deadline,
                    local_root=local_root,
                    local_pages=local_pages,
                )
            extracted = await _extract(loaded, item, max_bytes, executor)
            result = PageResult(item.url, article=extracted)
        except ExtractError as error:
            result = PageResult(item.url, error=error.message)
        except ValueError as error:  # a malformed URL
            result = PageResult(item.url, error=f"Bad address: {error}"[:160])
        done += 1
        if progress is not None:
            progress(done, len(items), result)
        return result

    try:
        return list(await asyncio.gather(*(one(item) for item in items)))
    finally:
        if own_client:
            await active.aclose()


def _reword(message: str) -> str:
    for old, new in _WORDING:
        message = message.replace(old, new)
    return message
