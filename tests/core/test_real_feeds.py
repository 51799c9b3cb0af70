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
    doctype = '<!DOCTYPE rss SYSTEM "x" [<!ATTLIST a b CDATA "<!--"><!ENTITY a "b">]>'
    sneaky = rss("", prolog=doctype)
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


def atom(entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom</title>{entries}</feed>"
    ).encode()


def test_atom_entry_without_link_uses_its_http_id() -> None:
    parsed = parse_feed(atom("<entry><title>e</title><id>https://real.example/e1</id></entry>"))
    assert parsed.entries[0].link == "https://real.example/e1"
    tag = parse_feed(atom("<entry><title>t</title><id>tag:real.example,2024:1</id></entry>"))
    assert tag.entries[0].link == ""


@pytest.mark.parametrize("broken", [False, True], ids=["strict", "feedparser"])
def test_first_non_empty_link_wins_over_an_empty_last_one(broken: bool) -> None:
    item = (
        "<item><title>One</title><link>https://real.example/1</link><link></link>"
        f"<description>{'&' if broken else '&amp;'} body</description></item>"
    )
    data = rss(item, channel_extra="<link></link>")
    parsed = parse_feed(data, BASE)
    assert parsed.engine == ("feedparser" if broken else "strict")
    assert parsed.entries[0].link == "https://real.example/1"
    assert parsed.site_url == "https://real.example/"


def test_rss10_items_nested_in_the_channel_are_read_by_feedparser() -> None:
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://real.example/"><title>Nested</title><link>https://real.example/</link>
<item rdf:about="https://real.example/n1"><title>N1</title><link>https://real.example/n1</link></item>
</channel></rdf:RDF>"""
    parsed = parse_feed(data, BASE)
    assert [e.title for e in parsed.entries] == ["N1"]
    assert parsed.engine == "feedparser"


@pytest.mark.parametrize("href", ["http://[bad", "ht tp://x y", "https://host:port/x", "http://"])
def test_invalid_href_gives_no_link_rather_than_a_made_up_one(href: str) -> None:
    entry = parse_feed(atom(f'<entry><title>e</title><link href="{href}"/></entry>'), BASE)
    assert entry.entries[0].link == ""


def test_space_in_a_web_url_path_is_encoded_not_dropped() -> None:
    data = atom('<entry><title>e</title><link href="https://real.example/My Show.mp3"/></entry>')
    assert parse_feed(data, BASE).entries[0].link == "https://real.example/My%20Show.mp3"


def test_mixed_case_channel_and_atom_feed_titles_are_read() -> None:
    channel = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><TiTlE>Chan</TiTlE>'
        b"<LINK>https://real.example/</LINK><item><title>i</title></item></channel></rss>"
    )
    assert parse_feed(channel, BASE).title == "Chan"
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><TiTlE>Feed</TiTlE>'
        b"<entry><title>e</title><id>urn:x:2</id></entry></feed>"
    )
    assert parse_feed(feed, BASE).title == "Feed"


def test_json_feed_with_a_bare_version_number_is_read() -> None:
    for version in ("1.0", "1.1"):
        data = (
            f'{{"version": "{version}", "title": "J", "items": '
            '[{"id": "1", "url": "https://real.example/j", "content_text": "hi"}]}'
        ).encode()
        assert [e.link for e in parse_feed(data, BASE).entries] == ["https://real.example/j"]
    with pytest.raises(ParseError):
        parse_feed(b'{"version": "2.0", "items": []}', BASE)


PODCAST = b"""<?xml version="1.0" encoding="iso8859-1"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Pod</title><link>https://pod.example/</link><itunes:author>Host</itunes:author>
<itunes:image href="https://pod.example/art.jpg"/><itunes:explicit>false</itunes:explicit>
<item><title>Episode 1</title><guid isPermaLink="false">ep1</guid>
<itunes:author>Host Caf\xe9</itunes:author><itunes:duration>12:00</itunes:duration>
<itunes:episode>1</itunes:episode><itunes:episodeType>full</itunes:episodeType>
<itunes:summary>All about \xe9t\xe9</itunes:summary>
<enclosure url="https://pod.example/ep1.mp3" type="audio/mpeg" length="1234"/></item>
<item><dc:title>Episode 2</dc:title><guid isPermaLink="false">ep2</guid>
<enclosure url="file:///etc/passwd" type="audio/mpeg" length="1"/>
<enclosure url="https://pod.example/ep2.mp3" type="audio/mpeg" length="x"/></item>
</channel></rss>"""


def test_podcast_takes_the_fast_path_with_its_enclosures() -> None:
    from newsdesk.core.enclosure import Enclosure

    parsed = parse_feed(PODCAST, BASE)
    assert parsed.engine == "strict"
    one, two = parsed.entries
    assert (one.author, one.summary) == ("Host Café", "All about été")
    assert one.enclosures == (Enclosure("https://pod.example/ep1.mp3", "audio/mpeg", 1234),)
    assert two.title == "Episode 2"
    assert two.enclosures == (Enclosure("https://pod.example/ep2.mp3", "audio/mpeg", 0),)


def test_both_parse_paths_read_the_same_enclosures() -> None:
    from newsdesk.core.parse import build
    from newsdesk.core.parse_loose import parse_loose
    from newsdesk.core.parse_strict import parse_strict

    strict = parse_strict(PODCAST)
    assert strict is not None
    fast = build(strict, BASE, "")
    loose = build(parse_loose(PODCAST), BASE, "")
    assert [e.enclosures for e in fast.entries] == [e.enclosures for e in loose.entries]


def test_enclosures_reach_the_store_input() -> None:
    from datetime import UTC, datetime

    from newsdesk.core.models import Feed
    from newsdesk.core.refresh import ingest

    seen = []

    class Recorder:
        def upsert_articles(self, feed_id, items):  # type: ignore[no-untyped-def]
            seen.extend(items)
            from newsdesk.core.ports import UpsertResult

            return UpsertResult(len(items), 0)

        def update_feed(self, feed_id, **changes):  # type: ignore[no-untyped-def]
            return None

    feed = Feed(id="f1", url=BASE, title="")
    ingest(Recorder(), feed, parse_feed(PODCAST, BASE), datetime.now(UTC))  # type: ignore[arg-type]
    assert [i.enclosures[0].url for i in seen] == [
        "https://pod.example/ep1.mp3",
        "https://pod.example/ep2.mp3",
    ]


def test_items_with_only_a_description_stay_apart() -> None:
    items = (
        "".join(
            f"<item><description>Episode {n} notes</description>"
            f'<enclosure url="https://pod.example/{n}.mp3" type="audio/mpeg" length="1"/></item>'
            for n in range(22)
        )
        + "<item><description>no file a</description></item><item><description>no file b"
    )
    items += "</description></item>"
    parsed = parse_feed(rss(items), BASE)
    assert len({e.identity for e in parsed.entries}) == 24


ALT_TITLES = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Chan</title><dc:title>Other</dc:title><link>https://alt.example/</link>
<item><title>First</title><dc:title>Second</dc:title><media:title>Third</media:title>
<guid isPermaLink="false">a1</guid></item>
<item><media:title>Only media</media:title><guid isPermaLink="false">a2</guid></item>
</channel></rss>"""


def test_dc_and_media_titles_take_the_fast_path_and_agree_with_feedparser() -> None:
    from newsdesk.core.parse import build
    from newsdesk.core.parse_loose import parse_loose
    from newsdesk.core.parse_strict import parse_strict

    strict = parse_strict(ALT_TITLES)
    assert strict is not None
    fast, loose = build(strict, BASE, ""), build(parse_loose(ALT_TITLES), BASE, "")
    assert fast == loose
    assert fast.title == "Chan" and [e.title for e in fast.entries] == ["First", "Only media"]
