"""Provides the hostile-input benchmark: how long the bounded paths take on worst cases.

    python bench/hostile_bench.py

Prints seconds for sanitising and rendering deeply nested and very large bodies, parsing a
feed with many items and scanning pathological markup, so regressions in the bounds show up
as numbers (tests assert outcomes, never times).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's newsdesk


def timed(label: str, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    print(f"{label:<44} {time.perf_counter() - started:8.3f} s")


def main() -> None:
    from newsdesk.core.parse import parse_feed
    from newsdesk.core.render import render_article
    from newsdesk.core.sanitize import bound_html, sanitize_html
    from newsdesk.core.xmlguard import refuse_entities

    nested = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    big = "".join(f"<p>para {n} " + "word " * 100 + "</p>" for n in range(20_000))
    items = "".join(
        f"<item><title>n{n}</title><guid>g{n}</guid><description>{escape('<p>x</p>')}"
        "</description></item>"
        for n in range(20_000)
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    timed("sanitize 100,000 nested divs", lambda: sanitize_html(nested))
    timed("render 100,000 nested divs", lambda: render_article(nested))
    timed("render a 10 MB body", lambda: render_article(big))
    timed("sanitize a 10 MB body", lambda: sanitize_html(big))
    timed("bound_html on 1,000,000 '<b' without '>'", lambda: bound_html("<b" * 1_000_000))
    timed(
        "entity check, DOCTYPE of 1,000,000 '<!--'",
        lambda: _quiet(refuse_entities, b"<!DOCTYPE x [" + b"<!--" * 1_000_000),
    )
    timed("parse a feed of 20,000 items", lambda: parse_feed(feed.encode(), "https://b.example/"))


def _quiet(work: Callable[[bytes], object], data: bytes) -> None:
    try:
        work(data)
    except Exception:  # noqa: BLE001  (refusal is the expected outcome here)
        pass


if __name__ == "__main__":
    main()
