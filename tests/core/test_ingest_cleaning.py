"""Single-line fields from a feed: no bidi or zero-width characters, bounded lengths."""

from __future__ import annotations

import re

from newsdesk.core.parse import MAX_AUTHOR_CHARS, MAX_TITLE_CHARS, parse_feed
from newsdesk.core.sanitize import clean_line, safe_url

BASE = "https://clean.example/feed"
HIDDEN = (
    "\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\u202a\u202b\u202c\u202d"
)


def feed(title: str, item_title: str, author: str, link: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://clean.example/</link><item><title>{item_title}"
        f"</title><link>{link}</link><author>{author}</author></item></channel></rss>"
    ).encode()


def test_bidi_and_zero_width_characters_are_stripped_from_titles_authors_and_links() -> None:
    parsed = parse_feed(
        feed(
            f"Feed{HIDDEN}name",
            f"exe.{HIDDEN}txt",
            f"Eve{HIDDEN}",
            f"https://clean.example/{HIDDEN}a",
        ),
        BASE,
    )
    entry = parsed.entries[0]
    assert parsed.title == "Feedname"
    assert entry.title == "exe.txt"
    assert entry.author == "Eve"
    assert entry.link == "https://clean.example/a"


def test_right_to_left_letters_stay_readable() -> None:
    arabic, hebrew = "مرحبا بالعالم", "שלום עולם"
    entry = parse_feed(feed("f", f"{arabic} \u202e{hebrew}", "a", "https://clean.example/r"), BASE)
    assert entry.entries[0].title == f"{arabic} {hebrew}"


def test_titles_and_authors_are_capped_on_ingest() -> None:
    parsed = parse_feed(feed("T" * 5000, "x " * 50_000, "A" * 5000, "https://c.example/"), BASE)
    entry = parsed.entries[0]
    assert len(parsed.title) <= MAX_TITLE_CHARS and parsed.title.endswith("…")
    assert len(entry.title) <= MAX_TITLE_CHARS and entry.title.endswith("…")
    assert len(entry.author) <= MAX_AUTHOR_CHARS


def test_clean_line_and_safe_url_share_the_rule() -> None:
    assert clean_line(f"a{HIDDEN}b\x1b[2J", 10) == "ab"  # the escape sequence goes whole
    assert clean_line("abcdefghijkl", 5) == "abcd…"
    assert safe_url("https://x.example/\u202eevil") == "https://x.example/evil"


def test_terminal_escape_sequences_go_whole_not_just_their_escape_character() -> None:
    """Titles from a JSON Feed can carry ESC itself (XML cannot): removing only the control
    characters left "[31m" and "]8;;http://evil/" in lists, exports and OPML."""
    import json

    from newsdesk.core.sanitize import strip_controls

    hostile = (
        "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 "
        "\x1b]8;;http://evil/\x1b\\clickme\x1b]8;;\x1b\\ bell\x07 \x9b1;2Hx \x1b(By"
    )
    assert strip_controls(hostile) == "RED  clickme bell x y"
    data = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": hostile,
            "items": [{"id": "1", "title": hostile, "url": "https://clean.example/1"}],
        }
    ).encode()
    parsed = parse_feed(data, BASE, "application/feed+json")
    assert parsed.title == parsed.entries[0].title == "RED clickme bell x y"
    unterminated = "safe \x1b]0;" + "t" * 10_000
    assert strip_controls(unterminated).startswith("safe ")  # bounded, and no ESC left
    assert "\x1b" not in strip_controls(unterminated)


def _clean_text_every_pass(text: str) -> str:
    """clean_text's passes, all of them, whatever the text (what the quick path must match)."""
    import html
    import re
    import unicodedata

    from newsdesk.core.sanitize import strip_controls, strip_invisible

    text = strip_invisible(strip_controls(html.unescape(text)))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_plain_ascii_lines_skip_passes_without_changing_the_result() -> None:
    from newsdesk.core.sanitize import clean_text

    samples = [
        "  Harbour   council  votes ",
        "Fish & chips",
        "A &amp; B &#27;[31m red",
        "tab\there and\nnewline",
        "vertical\x0btab and \x1cfile separator",
        "bell\x07 and escape \x1b[2J",
        "plain",
        " ",
        "caf\u00e9 \u200bhidden",
    ]
    for sample in samples:
        assert clean_text(sample) == _clean_text_every_pass(sample), sample


def test_strip_controls_leaves_clean_text_as_it_is_and_still_strips_the_rest() -> None:
    from newsdesk.core.sanitize import strip_controls

    clean = "Nothing to strip here\twith a tab\nand a line"
    assert strip_controls(clean) is clean
    assert strip_controls("a\x1b[31mred\x07\x9b2Jb") == "aredb"


def test_tag_names_are_remembered_only_up_to_a_bound() -> None:
    from lxml import etree

    from newsdesk.core import strict_elements

    root = etree.fromstring(
        "<r>" + "".join(f"<Name{n}/>" for n in range(strict_elements._TAGS_KEPT + 50)) + "</r>"
    )
    names = [strict_elements.tag_of(el) for el in root]
    assert names[0] == "name0" and names[-1] == f"name{strict_elements._TAGS_KEPT + 49}"
    assert len(strict_elements._TAGS) <= strict_elements._TAGS_KEPT
    assert strict_elements.tag_of(etree.fromstring("<r><!-- c --></r>")[0]) == ""


def test_a_pages_source_keeps_its_line_and_page_breaks_as_whitespace() -> None:
    """Escapes go before the HTML parser; the breaks a page's source uses between words
    must stay whitespace, not glue the words together."""
    from newsdesk.core.sanitize import strip_page_controls

    assert strip_page_controls("harbour\rboard\r\nmet\x0bon\x0cTuesday") == (
        "harbour\nboard\nmet on Tuesday"
    )
    assert strip_page_controls("a &#27;[31mred&#x1b;[0m b &#9; &#8217;") == "a red b &#9; &#8217;"


def test_relative_links_resolve_against_their_own_base_when_cleaned_in_threads() -> None:
    """One nh3 Cleaner serves every thread (the desk parses feeds in threads); the base a
    fragment's relative links resolve against is handed to it per thread."""
    from concurrent.futures import ThreadPoolExecutor

    from newsdesk.core.sanitize import sanitize_html

    body = "".join(f'<p><a href="/story/{n}">story {n}</a> {"words " * 50}</p>' for n in range(40))

    def clean(site: int) -> tuple[int, str]:
        return site, sanitize_html(body, f"https://site{site}.example/feed")

    with ThreadPoolExecutor(8) as pool:
        for site, html in pool.map(clean, range(64)):
            links = set(re.findall(r'href="(https://[^/"]+)/', html))
            assert links == {f"https://site{site}.example"}, (site, links)
    # and a link the filter refuses still goes, as before
    assert "javascript" not in sanitize_html('<a href="javascript:alert(1)">x</a>', None)
