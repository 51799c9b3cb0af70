"""Provides the hostile feed documents the robustness tests serve and parse."""

from __future__ import annotations

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><link>http://x/</link>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""


def quadratic_blowup(entity_kb: int = 100, uses: int = 4000) -> bytes:
    """One 100 KB entity used thousands of times: hundreds of MB if anything expands it."""
    entity = b"A" * (entity_kb * 1024)
    refs = b"&big;" * uses
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY big "' + entity + b'">]>\n'
        b'<rss version="2.0"><channel><title>quadratic</title><item><title>t</title>'
        b"<description>" + refs + b"</description></item></channel></rss>"
    )


def xxe(target: str) -> bytes:
    """An external entity pointing at `target` (a file:// path or an http URL)."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM "{target}">]>\n'
        '<rss version="2.0"><channel><title>xxe</title><item><title>&leak;</title>'
        "<link>http://x/1</link><description>&leak;</description></item></channel></rss>"
    ).encode()


def external_dtd(target: str) -> bytes:
    """No entity declarations, but an external DTD a careless parser would fetch."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{target}">\n'
        '<rss version="2.0"><channel><title>dtd</title><item><title>Kept</title>'
        "<link>http://x/dtd</link></item></channel></rss>"
    ).encode()


MARKUP_TITLE = (
    "[bold]Bold[/] \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 "
    "[link=file:///etc/passwd]click[/link] [@click=app.quit]quit[/] bell\x07 "
    "csi\x9b2J"
)
# `&#27;` is not well-formed XML 1.0, so this feed also exercises the feedparser fallback
MARKUP_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>[bold]Feed[/] &amp;#27;[2J</title><link>https://markup.example/</link>
<item><title>[bold]Bold[/] &#27;[31mred&#27;[0m &#27;]52;c;ZXZpbA==&#7;
 [link=file:///etc/passwd]click[/link] [@click=app.quit]quit[/] bell&#7; csi&#x9b;2J</title>
<link>https://markup.example/1</link><guid>m1</guid>
<dc:creator>Eve &amp;#27;]52;c;ZXZpbA==&amp;#7; [red]Mallory[/red]</dc:creator>
<description>&lt;p&gt;body &amp;#27;[2J&lt;/p&gt;</description></item>
</channel></rss>"""

# the same text as well-formed XML: raw ESC/BEL are not allowed either, so C1 CSI and
# escaped forms that survive XML decoding (`&amp;#27;`) carry the attack on the strict path
MARKUP_FEED_STRICT = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Markup</title><link>https://markup.example/</link>
<item><title>[bold]Bold[/] &amp;#27;[31mred [link=file:///etc/passwd]click[/link]
 [@click=app.quit]quit[/] &amp;#x1b;]52;c;ZXZpbA==&amp;#7; csi2J osc8;;x</title>
<link>https://markup.example/2</link><guid>m2</guid>
<author>eve@markup.example (Eve &amp;#27;[2J [b]Mallory[/b])</author></item>
</channel></rss>""".encode()

UNSAFE_LINKS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Links</title><link>https://links.example/</link>
<item><title>js</title><guid>u1</guid><link>javascript:alert(1)</link>
<description>&lt;a href="javascript:alert(1)"&gt;a&lt;/a&gt;</description></item>
<item><title>js-entity</title><guid>u2</guid><link>JaVaScRiPt&amp;#58;alert(1)</link>
<description>&lt;a href="JaVaScRiPt&amp;#58;alert(1)"&gt;b&lt;/a&gt;</description></item>
<item><title>data</title><guid>u3</guid><link>data:text/html;base64,PHNjcmlwdD4=</link>
<description>&lt;a href="data:text/html,x"&gt;c&lt;/a&gt;
 &lt;img src="data:image/png;base64,AA"&gt;</description></item>
<item><title>file</title><guid>u4</guid><link>file:///etc/passwd</link>
<description>&lt;a href="file:///etc/passwd"&gt;d&lt;/a&gt;</description></item>
<item><title>vb</title><guid>u5</guid><link>vbscript:msgbox(1)</link>
<description>&lt;a href="vbscript:msgbox(1)"&gt;e&lt;/a&gt;</description></item>
<item><title>ok</title><guid>u6</guid><link>https://links.example/fine</link>
<description>&lt;a href="mailto:a@links.example"&gt;f&lt;/a&gt;</description></item>
</channel></rss>"""

# declared us-ascii, but the bytes are UTF-8: must still be read (not rejected on bozo)
WRONG_ENCODING_FEED = (
    """<?xml version="1.0" encoding="us-ascii"?>
<rss version="2.0"><channel><title>Caf\u00e9 \u2014 wrong label</title><link>https://enc.example/</link>
<item><title>Na\u00efve r\u00e9sum\u00e9</title><link>https://enc.example/1</link><guid>e1</guid>
<description>\u00fcber</description></item>
<item><title>Second</title><link>https://enc.example/2</link><guid>e2</guid></item>
</channel></rss>"""
).encode("utf-8")

# declared utf-8, but the bytes are windows-1252
LATIN_AS_UTF8_FEED = (
    """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cr\u00e8me</title><link>https://enc2.example/</link>
<item><title>\u201cQuoted\u201d caf\u00e9</title><link>https://enc2.example/1</link></item>
</channel></rss>"""
).encode("cp1252")

NOT_A_FEED_HTML = b"""<!DOCTYPE html><html><head><title>Just a page</title></head>
<body><p>No feed here.</p></body></html>"""


def html_with_feed_link(href: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>Blog</title>"
        f'<link rel="stylesheet" href="/style.css">'
        f'<link rel="alternate" type="application/rss+xml" title="Feed" href="{href}">'
        f"</head><body><p>Posts</p></body></html>"
    ).encode()


def simple_rss(
    items: list[tuple[str, str]], title: str = "Simple", guid_prefix: str = "g"
) -> bytes:
    """RSS 2.0 with (title, link) items; guids are `guid_prefix` + index."""
    body = "".join(
        f'<item><title>{t}</title><link>{link}</link><guid isPermaLink="false">'
        f"{guid_prefix}{i}</guid><pubDate>Mon, 0{1 + i % 9} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description>about {t}</description></item>"
        for i, (t, link) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://simple.example/</link>{body}</channel></rss>"
    ).encode()
