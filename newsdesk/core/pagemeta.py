"""Provides a page's title, author and day as trafilatura reads them, without the rest of
its metadata.

trafilatura's `with_metadata` also looks for categories, tags, a licence and a site name,
which nothing here shows (a quarter of its metadata time), and runs again on every
extraction pass of the same page; reading the three parts once, from the page as it was
parsed, costs less and gives the same answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    author: str
    day: str  # YYYY-MM-DD as found, or ""


def page_meta(root: HtmlElement, url: str) -> PageMeta:
    """The title, author and publication day that trafilatura's extract_metadata() finds:
    <meta> and JSON-LD first, then the page's headings and bylines, the day by htmldate.
    A reader that fails on an odd page leaves its part empty: the article still counts."""
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_title,
        extract_url,
    )

    title = author = day = ""
    try:
        meta = examine_meta(root)
        if meta.author and " " not in meta.author:
            meta.author = None  # one word is a user name, not a byline (trafilatura's rule)
        try:
            meta = extract_meta_json(root, meta)
        except Exception as error:  # noqa: BLE001  (as trafilatura: its JSON-LD reader has bugs)
            _LOG.debug("JSON-LD metadata skipped: %s", error)
        title = meta.title or extract_title(root) or ""
        author = meta.author or extract_author(root) or ""
        page_url = meta.url or extract_url(root, url or None)
        day = find_date(root, url=page_url, extensive_search=False, original_date=True) or ""
    except Exception as error:  # noqa: BLE001  (metadata is a bonus, never the article's end)
        _LOG.debug("page metadata incomplete: %s", error)
    return PageMeta(title=title, author=author, day=day)
