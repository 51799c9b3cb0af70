"""Provides extraction without a desk: the full article of web pages and local HTML files.

`newsdesk extract` calls this; web pages go through the page fetcher's limits, and anything
else is read as a local file only when it is a regular file under the size cap (the user
named it, so any path is fine).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from newsdesk.core.pagefetch import PageResult


async def extract_sources(sources: Sequence[str]) -> list[PageResult]:
    """One result per source, in input order; a failed source carries its error."""
    from newsdesk.core.pagefetch import extract_pages

    results: list[PageResult | None] = [None] * len(sources)
    web = [i for i, source in enumerate(sources) if _is_web(source)]
    fetched = await extract_pages([sources[i] for i in web]) if web else []
    for i, result in zip(web, fetched, strict=True):
        results[i] = result
    for i, source in enumerate(sources):
        if results[i] is None:
            results[i] = await asyncio.to_thread(_extract_file, source)
    return [r for r in results if r is not None]


def _is_web(source: str) -> bool:
    scheme = urlsplit(source).scheme.lower()
    return scheme not in ("", "file") and not (len(scheme) == 1 and source[1:3] == ":\\")


def _extract_file(source: str) -> PageResult:
    from newsdesk.core.errors import ExtractError
    from newsdesk.core.extract import extract_article
    from newsdesk.core.localfeed import local_path
    from newsdesk.core.pagefetch import PageResult, read_page_file

    try:
        path = local_path(source)
        data = read_page_file(path)
        url = path.resolve().as_uri()
        return PageResult(source, article=extract_article(data, url, {}))
    except ExtractError as error:
        return PageResult(source, error=error.message)
    except (OSError, ValueError) as error:
        return PageResult(source, error=f"Cannot read {source}: {error}")
