"""A summary-only feed served by the test HTTP server, its items linking to full pages on it.

Each item's description is one teaser sentence ending in "Continue reading…"; the page at
its link holds the whole story (that sentence first, then several paragraphs) among site
navigation and a footer, as a news site would serve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from feedserver import FeedServer, static

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Story:
    slug: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]


STORIES = (
    Story(
        "breakwater",
        "Breakwater to be rebuilt over three summers",
        "The harbour authority will rebuild the north breakwater over three summers.",
        (
            "Engineers found that the winter storms had undermined the old stone core in "
            "several places, and the authority decided a patch would not last another decade.",
            "Work starts in May and stops each October, so the fishing fleet keeps its berths "
            "through the busiest months and the crews avoid the worst of the autumn swell.",
            "The total cost is put at eleven million pounds, most of it from the coastal "
            "resilience fund, with the rest borrowed against harbour dues over thirty years.",
            "Skippers asked for a temporary pontoon on the south side while the north arm is "
            "closed; the authority said it would publish a plan for one before Easter.",
        ),
    ),
    Story(
        "lighthouse",
        "Lighthouse keeper's cottage opens as a museum",
        "The keeper's cottage at Gull Point opens to visitors on Saturday.",
        (
            "Volunteers spent two years restoring the cottage, its kitchen range and the "
            "logbooks that record every ship the keepers saw between 1890 and 1962.",
            "The last keeper's daughter, now ninety-one, will cut the ribbon and has lent the "
            "museum her father's telescope, which stood in the window for forty years.",
            "Entry is free for the first month; after that the trust will ask for a donation "
            "towards the upkeep of the building and its exposed slate roof.",
        ),
    ),
)


def page_html(story: Story) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in (story.lead, *story.paragraphs))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(story.title)} | Harbour Gazette</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<main><article><h1>{escape(story.title)}</h1>{body}</article></main>"
        "<footer>Copyright Harbour Gazette Group. Terms of use. Privacy policy.</footer>"
        "</body></html>"
    )


def feed_xml(server: FeedServer, stories: tuple[Story, ...] = STORIES) -> str:
    items = "".join(
        "<item>"
        f"<title>{escape(s.title)}</title>"
        f"<link>{server.url('/news/' + s.slug)}</link>"
        f"<guid>{s.slug}</guid>"
        f"<pubDate>Mon, 2{i} Nov 2026 08:00:00 GMT</pubDate>"
        f"<description>{escape(s.lead)} Continue reading…</description>"
        "</item>"
        for i, s in enumerate(stories)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Harbour Briefs</title><link>{server.url('/')}</link>"
        f"<description>Short items</description>{items}</channel></rss>"
    )


def serve_summary_feed(server: FeedServer, stories: tuple[Story, ...] = STORIES) -> str:
    """Serve the feed and its pages; the feed's URL."""
    for story in stories:
        server.add("/news/" + story.slug, static(page_html(story).encode(), HTML))
    return server.add("/briefs.rss", static(feed_xml(server, stories).encode()))


def page_path(story: Story) -> str:
    return "/news/" + story.slug
