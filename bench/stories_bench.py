"""Story grouping quality on the labelled set: pairwise precision/recall/F1 of same-story pairs.

    python bench/stories_bench.py [--data bench/data/stories/articles.json]

Reports the whole set and two halves (split by story, so no event is in both): "tune" is the
half the thresholds were chosen on, "held out" is the half they were not. Also lists every
look-alike pair (hard negative) that was wrongly merged.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import datetime
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.core.stories import StoryArticle, StoryIndex  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "stories" / "articles.json"


def load(path: Path) -> list[dict[str, str]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def to_article(row: dict[str, str]) -> StoryArticle:
    published = datetime.fromisoformat(row["published"].replace("Z", "+00:00"))
    return StoryArticle(row["id"], row["feed_id"], row["title"], row["lede"], published)


def pairs(groups: Iterable[list[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in groups:
        out.update(combinations(sorted(members), 2))
    return out


def evaluate(rows: list[dict[str, str]]) -> dict[str, float]:
    index = StoryIndex()
    index.add(to_article(r) for r in rows)
    truth: dict[str, list[str]] = {}
    for r in rows:
        truth.setdefault(r["story"], []).append(r["id"])
    found = [index.members(sid) for sid in index.stories()]
    gold, got = pairs(truth.values()), pairs(found)
    tp = len(gold & got)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    story_of = {r["id"]: index.story_of(r["id"]) for r in rows}
    twins = {(r["story"], r["twin_of"]) for r in rows if r.get("twin_of")}
    merged = sorted(
        (a, b)
        for a, b in twins
        if {story_of[x["id"]] for x in rows if x["story"] == a}
        & {story_of[x["id"]] for x in rows if x["story"] == b}
    )
    return {
        "articles": len(rows),
        "stories": len(truth),
        "found": len(found),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "twins": len(twins),
        "twins_merged": len(merged),
        "merged": merged,  # type: ignore[dict-item]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rows = load(args.data)
    stories = sorted({r["story"] for r in rows})
    # halves by story; a look-alike pair stays together so both halves keep hard negatives
    twin = {r["story"]: r["twin_of"] for r in rows if r.get("twin_of")}
    root = {s: min(s, twin.get(s, s)) for s in stories}
    roots = sorted(set(root.values()))
    tune = {s for s in stories if roots.index(root[s]) % 2 == 0}
    print(
        f"{'set':<10}{'articles':>9}{'stories':>8}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}"
        "  look-alikes merged"
    )
    ok = True
    for name, subset in (
        ("all", rows),
        ("tune", [r for r in rows if r["story"] in tune]),
        ("held out", [r for r in rows if r["story"] not in tune]),
    ):
        m = evaluate(subset)
        print(
            f"{name:<10}{m['articles']:>9}{m['stories']:>8}{m['found']:>7}"
            f"{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}  "
            f"{m['twins_merged']}/{m['twins']} {m['merged'] or ''}"
        )
        ok = ok and m["precision"] >= 0.95 and m["recall"] >= 0.85
    print("goal (P >= 0.95, R >= 0.85):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
