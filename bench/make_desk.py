"""Builds a large desk for the benchmarks: F feeds x N articles with realistic bodies.

Writes through the real store (upsert_articles), so the file layout is exactly what users get.
Also writes the same articles as RSS files so newsboat can be timed on identical content.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.core.ports import ArticleInput
from newsdesk.store import open_store

WORDS = (
    "harbour council ferry budget library storm reservoir policy tide quay volunteers "
    "engineer river measure water report city night train repair station estimate "
    "terminal editor history unicode width colour parser feed reader desk"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random) -> str:
    paragraphs = ["<p>" + " ".join(sentence(rng) for _ in range(4)) + "</p>" for _ in range(5)]
    return "<h2>" + sentence(rng) + "</h2>" + "".join(paragraphs)


def build(target: Path, feeds: int, per_feed: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    desk = target / "desk.json"
    rss_dir = target / "rss"
    rss_dir.mkdir(exist_ok=True)
    store = open_store(desk)
    start = datetime(2026, 11, 24, tzinfo=UTC)
    for f in range(feeds):
        feed = store.add_feed(f"file://{rss_dir}/feed{f:03d}.xml", title=f"Bench feed {f:03d}")
        items = []
        for i in range(per_feed):
            when = start - timedelta(minutes=7 * (f * per_feed + i))
            items.append(
                ArticleInput(
                    guid=f"bench-{f}-{i}",
                    title=f"{sentence(rng)[:60]} #{f}-{i}",
                    link=f"https://bench.example/{f}/{i}",
                    author="Bench Writer",
                    published=when,
                    updated=None,
                    summary=sentence(rng),
                    body=body(rng),
                )
            )
        store.upsert_articles(feed.id, items)
        write_rss(rss_dir / f"feed{f:03d}.xml", f"Bench feed {f:03d}", items)
    store.close()
    return desk


def write_rss(path: Path, title: str, items: list[ArticleInput]) -> None:
    from xml.sax.saxutils import escape

    parts = [
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        "<link>https://bench.example/</link>"
    ]
    for item in items:
        parts.append(
            f"<item><title>{escape(item.title)}</title><link>{item.link}</link>"
            f"<guid>{item.guid}</guid>"
            f"<pubDate>{item.published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<description>{escape(item.body)}</description></item>"
        )
    parts.append("</channel></rss>")
    path.write_text("".join(parts), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--per-feed", type=int, default=500)
    args = parser.parse_args()
    t0 = time.perf_counter()
    print(build(args.target, args.feeds, args.per_feed), f"{time.perf_counter() - t0:.1f} s")
