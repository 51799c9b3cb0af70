"""Which feed an HTML page leads to: its advertised links, the main feed before comments."""

from __future__ import annotations

from newsdesk.core.discover import feed_links

PAGE = b"""<html><head>
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed"
 href="/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="/feed/">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body></body></html>"""


def test_a_comments_feed_listed_first_is_offered_after_the_others() -> None:
    """A page listing its comments feed first was subscribed to for its comments."""
    assert feed_links(PAGE, "https://site.example/post/") == [
        "https://site.example/feed/",
        "https://site.example/atom.xml",
        "https://site.example/comments/feed/",
    ]


def test_a_page_with_only_a_comments_feed_still_leads_to_it() -> None:
    page = b'<link rel="alternate" type="application/rss+xml" href="/post/comments.xml">'
    assert feed_links(page, "https://site.example/") == ["https://site.example/post/comments.xml"]
