"""Real feeds the fast parser used to get wrong: each test is a shape seen in the wild."""

from __future__ import annotations

import pytest

from newsdesk.core.errors import ParseError
from newsdesk.core.parse import parse_feed

BASE = "https://real.example/feed"


def rss(items: str, channel_extra: str = "", attrs: str = "", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"{attrs}><channel>'
        f"<title>Real</title><link>https://real.example/</link>{channel_extra}{items}"
        "</channel></rss>"
    ).encode()


def test_entity_text_inside_cdata_does_not_refuse_the_feed() -> None:
    item = (
        "<item><title>XML bombs explained</title><link>https://real.example/1</link>"
        '<description><![CDATA[<p>Never accept <code><!ENTITY lol "lol"></code></p>]]>'
        "</description></item>"
    )
    parsed = parse_feed(rss(item), BASE)
    assert [e.title for e in parsed.entries] == ["XML bombs explained"]


def test_entity_declared_in_the_doctype_is_still_refused() -> None:
    bomb = rss("", prolog='<!DOCTYPE rss [<!ENTITY a "b">]>')
    with pytest.raises(ParseError, match="entities"):
        parse_feed(bomb, BASE)


def test_entity_hidden_behind_a_comment_lookalike_literal_is_refused() -> None:
    sneaky = rss("", prolog='<!DOCTYPE rss SYSTEM "x" [<!ATTLIST a b CDATA "<!--"><!ENTITY a "b">]>')
    with pytest.raises(ParseError, match="entities"):
        parse_feed(sneaky, BASE)


def test_xhtml_doctype_before_rss_is_read_as_a_feed() -> None:
    doctype = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
    )
    item = "<item><title>One</title><link>https://real.example/1</link></item>"
    parsed = parse_feed(rss(item, prolog=doctype), BASE, "text/html")
    assert [e.link for e in parsed.entries] == ["https://real.example/1"]
