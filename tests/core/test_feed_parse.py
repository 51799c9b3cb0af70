"""Parsing: formats, identity, dates, the two parse paths agreeing, hostile text and links."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, datetime
from pathlib import Path

import hostile
import pytest
from feedserver import FIXTURES, fixture_bytes

from newsdesk.core.errors import ParseError
from newsdesk.core.parse import build, parse_feed
from newsdesk.core.parse_loose import parse_loose
from newsdesk.core.parse_strict import parse_strict

XML_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".xml", ".rdf"))
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "newsdesk" / "sample"
SAMPLE_XML = sorted(p for p in SAMPLE_DIR.glob("*") if p.suffix in (".rss", ".atom", ".xml"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BASE = "https://feeds.example/feed"


def both_paths(data: bytes) -> tuple[object, object]:
    strict = parse_strict(data)
    assert strict is not None, "the strict path should read this well-formed feed"
    fast = dataclasses.replace(build(strict, BASE, "strict"), engine="")
    loose = dataclasses.replace(build(parse_loose(data), BASE, "feedparser"), engine="")
    return fast, loose


@pytest.mark.parametrize("name", XML_FIXTURES)
def test_strict_and_feedparser_paths_agree_on_fixture(name: str) -> None:
    fast, loose = both_paths(fixture_bytes(name))
    assert fast == loose


@pytest.mark.parametrize("path", SAMPLE_XML, ids=[p.name for p in SAMPLE_XML])
def test_strict_and_feedparser_paths_agree_on_sample_feed(path: Path) -> None:
    data = path.read_bytes()
    if parse_strict(data) is None:
        pytest.fail(f"{path.name} is a bundled feed; it should take the strict fast path")
    fast, loose = both_paths(data)
    assert fast == loose


def test_well_formed_feeds_take_the_strict_path_and_broken_ones_fall_back() -> None:
    good = fixture_bytes("rss20_blog.xml")
    assert parse_feed(good, BASE).engine == "strict"
    broken = good.replace(b"<title>Field Notes &amp; Errata", b"<title>Field Notes & Errata")
    parsed = parse_feed(broken, BASE)
    assert parsed.engine == "feedparser"
    assert parsed.title == "Field Notes & Errata"
    assert [e.identity for e in parsed.entries] == [
        e.identity for e in parse_feed(good, BASE).entries
    ]


def test_rss20_fields_content_preference_and_links() -> None:
    feed = parse_feed(fixture_bytes("rss20_blog.xml"), BASE)
    assert (feed.title, feed.site_url, feed.kind) == (
        "Field Notes & Errata",
        "https://blog.example.org",
        "rss20",
    )
    first, second, third, fourth = feed.entries
    assert first.identity == "https://blog.example.org/?p=101"
    assert first.link == "https://blog.example.org/2024/01/rain/?utm=a&b=c"
    assert first.author == "Ana Souza"
    assert first.published == datetime(2024, 1, 8, 17, 30, tzinfo=UTC)
    assert "<em>patience</em>" in first.content_html  # content:encoded wins over description
    assert 'href="https://blog.example.org/2023/12/snow/"' in first.content_html
    assert "script" not in first.content_html and "onerror" not in first.content_html
    assert "javascript" not in first.content_html.lower()
    assert first.summary.startswith("A bucket, a ruler and patience")
    assert second.title == "Café society — “quotes” & dashes"
    assert third.link == third.identity == "https://blog.example.org/2024/01/guid-only/"
    assert third.author == "Ben Okafor"
    assert third.published == datetime(2024, 1, 6, 15, 0, tzinfo=UTC)  # -0500 to UTC
    assert fourth.identity.startswith("sha1:") and fourth.published is None


def test_identity_falls_back_to_link_then_hash_and_is_stable() -> None:
    data = hostile.simple_rss([("A", "https://x.example/a")]).replace(
        b'<guid isPermaLink="false">g0</guid>', b""
    )
    once, again = parse_feed(data, BASE), parse_feed(data, BASE)
    assert once.entries[0].identity == "https://x.example/a"
    no_link = data.replace(b"<link>https://x.example/a</link>", b"")
    hashed = parse_feed(no_link, BASE).entries[0].identity
    assert hashed.startswith("sha1:") and hashed == parse_feed(no_link, BASE).entries[0].identity
    assert once.entries[0].identity == again.entries[0].identity


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("rss091.xml", "rss091u"),
        ("rss10.rdf", "rss10"),
        ("rss090.rdf", "rss090"),
        ("atom03.xml", "atom03"),
        ("atom10.xml", "atom10"),
        ("rss092_latin1.xml", "rss092"),
    ],
)
def test_formats_are_recognised(name: str, kind: str) -> None:
    feed = parse_feed(fixture_bytes(name), BASE)
    assert feed.kind == kind and feed.entries and all(e.title for e in feed.entries)


def test_atom10_xhtml_authors_and_utc_dates() -> None:
    feed = parse_feed(fixture_bytes("atom10.xml"), BASE)
    assert feed.title == "Tom & Jerry Weekly"
    first, second, third = feed.entries
    assert first.author == "Dana Ivers, Eli Park"
    assert first.published == datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
    assert first.published.tzinfo is UTC
    assert "<b>bold</b>" in first.content_html
    assert 'href="https://atom.example.com/2024/03/relative/page"' in first.content_html
    assert first.summary == "A short & plain summary <not a tag>"
    assert second.title == "Styled title & more"
    assert second.link == "https://atom.example.com/2024/03/second"
    assert second.author == "Feed Owner"  # Atom entries inherit the feed's author
    assert "iframe" not in second.content_html
    assert third.link == "" and "&lt;b&gt;not bold&lt;/b&gt;" in third.content_html


def test_atom03_modes_and_dates() -> None:
    feed = parse_feed(fixture_bytes("atom03.xml"), BASE)
    first, second = feed.entries
    assert first.content_html == "<p>Escaped <em>HTML</em> body</p>"
    assert first.published == datetime(2003, 12, 13, 12, 29, 29, tzinfo=UTC)
    assert first.updated == datetime(2003, 12, 13, 18, 30, 2, tzinfo=UTC)
    assert "<b>xhtml</b>" in second.content_html


def test_rss10_and_rss091() -> None:
    rdf = parse_feed(fixture_bytes("rss10.rdf"), BASE)
    assert [e.identity for e in rdf.entries] == [
        "http://rdf.example.net/a",
        "http://rdf.example.net/b",
    ]
    assert rdf.entries[0].published == datetime(2024, 2, 1, 11, 0, tzinfo=UTC)
    assert rdf.entries[0].author == "Chen Wei"
    old = parse_feed(fixture_bytes("rss091.xml"), BASE)
    assert old.entries[0].content_html.startswith("Café &amp; crème")


@pytest.mark.parametrize(("name", "kind"), [("json10.json", "json10"), ("json11.json", "json11")])
def test_json_feed_versions(name: str, kind: str) -> None:
    feed = parse_feed(fixture_bytes(name), BASE)
    assert feed.kind == kind and feed.engine == "json"
    assert all(e.identity for e in feed.entries)


def test_json_feed_11_details() -> None:
    feed = parse_feed(fixture_bytes("json11.json"), BASE)
    html_item, text_item, untitled = feed.entries
    assert html_item.author == "Kim Lee" and text_item.author == "Jo Feed"
    assert html_item.published == datetime(2024, 4, 2, 17, 0, tzinfo=UTC)
    assert "javascript" not in html_item.content_html
    assert text_item.identity == "3"  # numeric ids are kept, not dropped
    assert "&lt;two&gt;" in text_item.content_html and "<img" in text_item.content_html
    assert untitled.link == "https://elsewhere.example/x"


def test_json_feed_10_relative_url_and_feed_author() -> None:
    feed = parse_feed(fixture_bytes("json10.json"), BASE)
    assert feed.entries[1].link == "https://j1.example.com/b"
    assert feed.entries[0].author == "Old Author"


@pytest.mark.parametrize(
    "data",
    [
        hostile.NOT_A_FEED_HTML,
        b"just some words, not markup",
        b'{"hello": "world"}',
        b"",
        b"<?xml version='1.0'?><note><to>x</to></note>",
    ],
)
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(ParseError, match="Not a feed"):
        parse_feed(data, BASE)


@pytest.mark.parametrize(
    "data",
    [
        hostile.BILLION_LAUGHS,
        hostile.quadratic_blowup(),
        hostile.xxe("file:///etc/passwd"),
        hostile.BILLION_LAUGHS.decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
        .encode("utf-16"),
        b'<?xml version="1.0" encoding="utf-7"?>+ADw-!ENTITY',
    ],
    ids=["billion-laughs", "quadratic", "xxe", "utf16-bomb", "utf7"],
)
def test_entity_declarations_are_refused_before_any_parser_runs(data: bytes) -> None:
    with pytest.raises(ParseError, match="declares XML entities"):
        parse_feed(data, BASE)


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    feed = parse_feed(hostile.external_dtd((tmp_path / "missing.dtd").as_uri()), BASE)
    assert [e.title for e in feed.entries] == ["Kept"]


def test_declared_encoding_wrong_is_still_accepted() -> None:
    feed = parse_feed(hostile.WRONG_ENCODING_FEED, BASE)
    assert [e.title for e in feed.entries] == ["Naïve résumé", "Second"]
    cp1252 = parse_feed(hostile.LATIN_AS_UTF8_FEED, BASE)
    assert cp1252.entries[0].title == "“Quoted” café"


def _no_controls(text: str) -> None:
    assert not CONTROL.search(text), repr(text)
    assert not CONTROL.search(html.unescape(text)), repr(text)


@pytest.mark.parametrize(
    "data", [hostile.MARKUP_FEED, hostile.MARKUP_FEED_STRICT], ids=["fallback", "strict"]
)
def test_markup_and_control_sequences_are_stored_as_plain_text(data: bytes) -> None:
    feed = parse_feed(data, BASE)
    _no_controls(feed.title)
    entry = feed.entries[0]
    for text in (entry.title, entry.author, entry.summary, entry.content_html):
        _no_controls(text)
    for literal in (
        "[bold]Bold[/]",
        "[link=file:///etc/passwd]click[/link]",
        "[@click=app.quit]quit[/]",
    ):
        assert literal in entry.title  # kept as text: the UI must never interpret it
    assert "Mallory" in entry.author


def test_unsafe_link_schemes_are_dropped() -> None:
    feed = parse_feed(hostile.UNSAFE_LINKS_FEED, BASE)
    by_title = {e.title: e for e in feed.entries}
    for title in ("js", "js-entity", "data", "file", "vb"):
        entry = by_title[title]
        assert entry.link == ""
        body = html.unescape(entry.content_html).lower()
        for scheme in ("javascript", "data:", "file:", "vbscript"):
            assert scheme not in body
    assert by_title["ok"].link == "https://links.example/fine"
    assert 'href="mailto:a@links.example"' in by_title["ok"].content_html


def test_bundled_sample_feeds_parse() -> None:
    for path in sorted(SAMPLE_DIR.glob("*")):
        if path.suffix in (".rss", ".atom", ".xml", ".json") and path.name != "MANIFEST.json":
            assert parse_feed(path.read_bytes(), path.as_uri()).entries, path.name


def test_xxe_never_opens_the_target_file(tmp_path: Path) -> None:
    """The entity points at a FIFO: opening it for reading is what a writer can detect."""
    import os
    import threading

    fifo = tmp_path / "secret"
    os.mkfifo(fifo)
    opened = threading.Event()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails while nobody reads
            except OSError:
                stop.wait(0.005)
                continue
            opened.set()
            os.close(fd)
            return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        for data in (
            hostile.xxe(fifo.as_uri()),
            hostile.xxe(str(fifo)),
            hostile.external_dtd(fifo.as_uri()),
        ):
            try:
                parse_feed(data, BASE)
            except ParseError:
                pass
        stop.wait(0.1)
    finally:
        stop.set()
        watcher.join()
    assert not opened.is_set()
