"""Anchor benchmark: how long re-anchoring a quote takes on a large article.

Prints the median and worst of a few runs of `locate` for an edited quote (the fuzzy path)
and for a quote that is nowhere in the text (the full scan). Run: `python bench/anchor_bench.py`.
The reader re-anchors every highlight when an article opens, so this should stay well under
the 0.5 s the old timing test allowed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from newsdesk.core.anchor import locate, make_anchor


def _article(sentences: int) -> tuple[str, str, str, str, int]:
    filler = " ".join(f"Sentence number {i} says something about water." for i in range(sentences))
    quote = "The river's late-summer flow fell below the level at which salt water creeps in."
    middle = len(filler) // 2
    text = filler[:middle] + " " + quote + " " + filler[middle:]
    start = text.index(quote)
    _, prefix, suffix = make_anchor(text, start, start + len(quote))
    return text.replace("late-summer", "late summer"), quote, prefix, suffix, start


def _time(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        out.append(time.perf_counter() - began)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    edited, quote, prefix, suffix, start = _article(args.sentences)
    stranger = "An unrelated sentence that appears nowhere at all."
    cases = {
        "edited quote (fuzzy)": lambda: locate(edited, quote, prefix, suffix, start),
        "absent quote (full scan)": lambda: locate(edited, stranger, "", "", 10),
    }
    print(f"text of {len(edited):,} characters, {args.runs} runs each")
    for name, call in cases.items():
        timings = _time(call, args.runs)
        print(
            f"{name:26} median {statistics.median(timings) * 1000:7.1f} ms  "
            f"worst {max(timings) * 1000:7.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
