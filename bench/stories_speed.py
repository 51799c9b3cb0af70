"""Story grouping speed and memory on a synthetic 50,000-article desk.

    python bench/stories_speed.py [--articles 50000] [--new 500] [--runs 5]

Reports: the first grouping of N articles (with progress callbacks, as the desk's worker gets
them), adding 500 new articles to the N-article index (median of runs, each on a fresh copy
restored from the serialised state), the size of that state as JSON, and the peak Python
memory growth (tracemalloc, inputs excluded) while grouping N articles.
Goals: first grouping <= 10 s, 500 new <= 200 ms, memory growth <= 30 MB.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.core.stories import StoryArticle, StoryIndex  # noqa: E402

WORDS = (
    "council budget school hospital rail bridge road flood storm fire police court trial "
    "election vote minister union strike pay housing rent energy prices market shares profit "
    "sales factory port ferry airport match league cup season coach injury festival museum "
    "library theatre concert river harbour beach coast weather rain wind snow drought crops "
    "farmers water supply plan report inquiry survey study scientists research climate health "
    "vaccine virus doctors nurses patients ward ambulance emergency rescue crash collision "
    "driver train station delay cancelled closure protest march crowd residents neighbours "
    "planning permission developers homes tower demolition repair funding grant charity "
    "volunteers donation appeal investigation fraud charges arrest suspect witness jury "
    "verdict sentence appeal judge lawyers evidence bank rates inflation growth jobs wages"
).split()
NAMES = (
    "Okafor Lindqvist Rahman Nowak Price Ortega Idrissi Watanabe Mensah Gallagher Marchetti "
    "Pritchard Petrova Iyer Dubois Adeyemi Castillo Vries Kellow Nandakumar Brannagh Hollin "
    "Wrenmouth Calloway Kirkby Halden Ashford Brookvale Malatya Norcia Kumamoto Leeds Bristol"
).split()


def _vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Pseudo-words; drawn Zipf-like below, as real headline vocabulary is."""
    syllables = [c + v for c in "bcdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size * 2)}
    return sorted(words)[:size]


def synthetic(n: int, seed: int = 11, start: datetime | None = None) -> list[StoryArticle]:
    """n articles over ~90 days from 40 outlets: events covered 1-6 times, some wire copy."""
    rng = random.Random(seed)
    vocab = WORDS + _vocabulary(random.Random(5))
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
    cumulative = list(itertools.accumulate(weights))

    def draw(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=cumulative, k=k)

    start = start or datetime(2026, 6, 1, tzinfo=UTC)
    span = 90 * 86400
    out: list[StoryArticle] = []
    event = 0
    while len(out) < n:
        event += 1
        at = start + timedelta(seconds=rng.randint(0, span))
        core = rng.sample(WORDS, 3) + rng.sample(vocab[200:5000], 5)
        names = [f"{rng.choice(NAMES)} {rng.choice(NAMES)}" for _ in range(3)]
        number = str(rng.randint(2, 9999))
        for k in range(min(rng.choice((1, 1, 2, 3, 4, 6)), n - len(out))):
            words = core[:5] + draw(4)
            rng.shuffle(words)
            title = f"{names[0]} {' '.join(words[:5])} {number}"
            lede = (
                f"{names[k % 3]} said on the {words[5]} that {' '.join(words[6:])} "
                f"{' '.join(rng.sample(core, 4))} {number}. {names[1]} told reporters the "
                f"{' '.join(draw(12))} would follow."
            )
            when = at + timedelta(minutes=rng.randint(0, 1800))
            out.append(
                StoryArticle(f"a{event}-{k}", f"feed{rng.randint(1, 40)}", title, lede, when)
            )
    return out


def first_grouping(articles: list[StoryArticle]) -> tuple[StoryIndex, float, float, int]:
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1

    index = StoryIndex()
    began, cpu = time.perf_counter(), time.process_time()
    index.add(articles, progress=progress)
    return index, time.perf_counter() - began, time.process_time() - cpu, calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    articles = synthetic(args.articles)
    index, seconds, cpu, calls = first_grouping(articles)
    multi = sum(1 for sid in index.stories() if len(index.members(sid)) > 1)
    biggest = max(len(index.members(sid)) for sid in index.stories())
    print(
        f"first grouping of {len(articles):,} articles: {seconds:.2f} s wall, {cpu:.2f} s CPU "
        f"(goal <= 10 s; wall > CPU means the machine was busy), "
        f"{calls} progress calls, {len(index.stories()):,} stories, {multi:,} with 2+ "
        f"articles, largest {biggest}"
    )

    state = index.to_dict()
    text = json.dumps(state)
    began = time.perf_counter()
    StoryIndex.from_dict(json.loads(text))
    print(
        f"serialised state: {len(text) / 1e6:.1f} MB JSON, restored in "
        f"{(time.perf_counter() - began) * 1000:.0f} ms"
    )
    latest = max(a.published for a in articles)
    fresh = synthetic(args.new, seed=99, start=latest - timedelta(days=2))
    fresh = [StoryArticle("n" + a.id, a.feed_id, a.title, a.lede, a.published) for a in fresh]
    times, cpus = [], []
    for _ in range(args.runs):
        copy = StoryIndex.from_dict(json.loads(text))
        began, cpu = time.perf_counter(), time.process_time()
        copy.add(fresh)
        times.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    print(
        f"add {len(fresh)} new to the {len(articles):,}-article index: median "
        f"{statistics.median(times) * 1000:.0f} ms wall ({statistics.median(cpus) * 1000:.0f} ms "
        f"CPU), max {max(times) * 1000:.0f} ms "
        f"(goal <= 200 ms)"
    )
    del index, copy, state, text

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    index = StoryIndex()
    index.add(articles)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory while grouping {len(articles):,}: peak growth {(peak - base) / 2**20:.1f} MB, "
        f"held after {(current - base) / 2**20:.1f} MB (goal <= 30 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
