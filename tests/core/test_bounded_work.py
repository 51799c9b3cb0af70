"""No feed can stall the desk: nesting, size and time spent on one feed are bounded."""

from __future__ import annotations

import pytest

from newsdesk.core.errors import ParseError
from newsdesk.core.parse import parse_feed
from newsdesk.core.sanitize import CUT_NOTE, MAX_DEPTH, bound_html, sanitize_html

BASE = "https://bound.example/feed"


def feed_with_body(body: str, items: int = 1) -> bytes:
    from html import escape

    entries = "".join(
        f"<item><title>t{n}</title><guid>g{n}</guid>"
        f"<description>{escape(body)}</description></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>B</title>'
        f"<link>https://bound.example/</link>{entries}</channel></rss>"
    ).encode()


def test_100000_nested_divs_are_flattened_and_the_text_kept() -> None:
    body = "<div>" * 100_000 + "the deep text" + "</div>" * 100_000
    parsed = parse_feed(feed_with_body(body), BASE)
    html = parsed.entries[0].content_html
    assert "the deep text" in html
    assert html.count("<div") <= MAX_DEPTH


def test_unclosed_paragraphs_are_not_mistaken_for_nesting() -> None:
    body = "".join(f"<p>para {n}" for n in range(1000))
    assert bound_html(body) == body
    assert sanitize_html(body).count("<p>") == 1000


def test_a_huge_body_is_cut_with_a_visible_note() -> None:
    body = "<p>" + "word " * 1_000_000 + "</p>"
    cut = sanitize_html(body)
    assert len(cut) < len(body) and CUT_NOTE in cut


def test_a_feed_over_its_time_budget_fails_with_the_reason() -> None:
    with pytest.raises(ParseError, match="too slow"):
        parse_feed(feed_with_body("<p>x</p>", items=3), BASE, budget=-1.0)


def test_tag_starts_without_an_end_are_text_not_a_slow_scan() -> None:
    body = "<b" * 200_000
    assert bound_html(body) == body


def test_an_unterminated_doctype_is_checked_whole() -> None:
    from newsdesk.core.xmlguard import read_prolog, refuse_entities

    data = b"<!DOCTYPE x [" + b"<!--" * 100_000
    assert read_prolog(data) is None
    with pytest.raises(ParseError, match="entities"):
        refuse_entities(data + b"<!ENTITY a 'b'>")
