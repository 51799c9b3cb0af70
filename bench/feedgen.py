"""Provides deterministic benchmark feeds: RSS 2.0 like WordPress's, and a real-world mix.

`rss_feed(n)` is the benchmark's feed shape (50 items, about 69 KB). `mixed_feed(n)` returns
the shapes a real subscription list holds, in rough real-world proportions, to measure how
often the strict fast path applies and what each parse path costs.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

WORDS = (
    "river market engine signal harbour ledger quiet orbit garden copper lantern meadow "
    "vector thunder canvas static pepper velvet timber mirror planet ribbon summit "
    "archive beacon cipher delta ember falcon glacier horizon island jasmine kernel "
    "lattice mosaic nectar oasis prism quartz raven saffron tundra umber willow zephyr"
).split()
EPOCH = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, feed: int, item: int) -> str:
    paragraphs = []
    for p in range(3):
        sentence = _sentence(rng, 15)
        if p == 1:
            sentence += (
                f' See <a href="https://site{feed}.example.com/{item}/more">more</a> '
                f"and <em>{rng.choice(WORDS)}</em>."
            )
        paragraphs.append(f"<p>{sentence} {_sentence(rng, 9)}</p>")
    paragraphs.insert(2, f'<img src="https://cdn.example.com/{feed}/{item}.jpg" alt="figure">')
    return "\n".join(paragraphs)


def _item_date(feed: int, item: int) -> datetime:
    return EPOCH - timedelta(hours=item * 7 + feed % 13, minutes=feed % 59)


def rss_feed(feed: int, items: int = 50) -> bytes:
    rng = random.Random(feed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">',
        "<channel>",
        f"<title>Bench feed {feed}: {escape(_sentence(rng, 3))}</title>",
        f'<atom:link href="https://site{feed}.example.com/feed/" rel="self" '
        'type="application/rss+xml"/>',
        f"<link>https://site{feed}.example.com/</link>",
        f"<description>{escape(_sentence(rng, 8))}</description>",
        f"<lastBuildDate>{format_datetime(EPOCH, usegmt=True)}</lastBuildDate>",
        "<language>en-US</language>",
    ]
    for i in range(items):
        title = escape(_sentence(rng, 6)[:-1])
        out.append(
            "<item>"
            f"<title>{title}</title>"
            f"<link>https://site{feed}.example.com/{2024}/{i}/post-{i}/</link>"
            f"<comments>https://site{feed}.example.com/{2024}/{i}/post-{i}/#comments</comments>"
            f"<dc:creator><![CDATA[{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}]]>"
            "</dc:creator>"
            f"<pubDate>{format_datetime(_item_date(feed, i), usegmt=True)}</pubDate>"
            f"<category><![CDATA[{rng.choice(WORDS)}]]></category>"
            f'<guid isPermaLink="false">https://site{feed}.example.com/?p={i}</guid>'
            f"<description><![CDATA[{_sentence(rng, 20)} [&#8230;]]]></description>"
            f"<content:encoded><![CDATA[{_body(rng, feed, i)}]]></content:encoded>"
            f"<wfw:commentRss>https://site{feed}.example.com/{i}/feed/</wfw:commentRss>"
            f"<slash:comments>{rng.randint(0, 40)}</slash:comments>"
            "</item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def atom_feed(feed: int, items: int = 50) -> bytes:
    rng = random.Random(feed)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>Atom {feed}</title>",
        f'<link href="https://atom{feed}.example.org/" rel="alternate" type="text/html"/>',
        f'<link href="https://atom{feed}.example.org/feed.atom" rel="self"/>',
        f"<id>tag:atom{feed}.example.org,2024:feed</id>",
        f"<updated>{EPOCH.isoformat()}</updated>",
        f"<author><name>{rng.choice(WORDS).title()}</name></author>",
    ]
    for i in range(items):
        stamp = _item_date(feed, i).isoformat().replace("+00:00", "Z")
        out.append(
            f"<entry><title>{escape(_sentence(rng, 6))}</title>"
            f'<link href="https://atom{feed}.example.org/{i}"/>'
            f"<id>tag:atom{feed}.example.org,2024:{i}</id>"
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f"<summary>{escape(_sentence(rng, 20))}</summary>"
            f'<content type="html">{escape(_body(rng, feed, i))}</content></entry>'
        )
    out.append("</feed>")
    return "\n".join(out).encode()


def podcast_feed(feed: int, items: int = 50) -> bytes:
    data = rss_feed(feed, items).decode()
    itunes = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    data = data.replace('<rss version="2.0" ', '<rss version="2.0" ' + itunes)
    data = data.replace(
        "</slash:comments>",
        "</slash:comments><itunes:author>Host</itunes:author>"
        "<itunes:duration>31:02</itunes:duration>"
        "<itunes:summary>Episode notes</itunes:summary>",
    )
    return data.encode()


def rdf_feed(feed: int, items: int = 50) -> bytes:
    rng = random.Random(feed)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f'<channel rdf:about="https://rdf{feed}.example.net/"><title>RDF {feed}</title>'
        f"<link>https://rdf{feed}.example.net/</link><description>d</description></channel>",
    ]
    for i in range(items):
        out.append(
            f'<item rdf:about="https://rdf{feed}.example.net/{i}">'
            f"<title>{escape(_sentence(rng, 6))}</title>"
            f"<link>https://rdf{feed}.example.net/{i}</link>"
            f"<description>{escape(_body(rng, feed, i))}</description>"
            f"<dc:date>{_item_date(feed, i).isoformat()}</dc:date>"
            "<dc:creator>Ed</dc:creator></item>"
        )
    out.append("</rdf:RDF>")
    return "\n".join(out).encode()


def malformed_feed(feed: int, items: int = 50) -> bytes:
    """A bare `&` in titles: not well-formed, as a fair share of real feeds are."""
    return rss_feed(feed, items).replace(b"<title>Bench feed", b"<title>Bench & feed", 1)


def doctype_feed(feed: int, items: int = 50) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss PUBLIC "-//Netscape '
        b'Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
    )
    return rss_feed(feed, items).replace(b'<?xml version="1.0" encoding="UTF-8"?>', head, 1)


# rough shares seen in a typical reader's subscription list (blogs, news, podcasts, old sites)
MIX = (
    (rss_feed, 60),
    (atom_feed, 18),
    (podcast_feed, 8),
    (rdf_feed, 5),
    (malformed_feed, 6),
    (doctype_feed, 3),
)


def mixed_feed(feed: int, items: int = 50) -> tuple[str, bytes]:
    slot = feed % 100
    for maker, share in MIX:
        if slot < share:
            return maker.__name__, maker(feed, items)
        slot -= share
    return "rss_feed", rss_feed(feed, items)
