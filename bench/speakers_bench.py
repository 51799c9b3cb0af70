"""Speaker detection accuracy on the labelled quotes written for the project.

    python bench/speakers_bench.py

quotes.json is the set the rules were developed on; quotes_holdout.json was written before
the rules were last changed (12/15 at first, then three general fixes). Goal: >= 90%.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.core.speakers import find_speaker  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "speakers"


def accuracy(path: Path, verbose: bool) -> tuple[int, int]:
    cases = json.loads(path.read_text(encoding="utf-8"))
    right = 0
    for case in cases:
        got = find_speaker(case["sentence"], case["before"], case["after"])
        if got == case["speaker"]:
            right += 1
        elif verbose:
            print(f"  miss: {got!r} != {case['speaker']!r}: {case['sentence']}")
    return right, len(cases)


def main() -> int:
    verbose = "-v" in sys.argv
    total_right = total = 0
    for name in ("quotes.json", "quotes_holdout.json"):
        right, count = accuracy(DATA / name, verbose)
        total_right, total = total_right + right, total + count
        print(f"{name:<22} {right}/{count} = {right / count:.1%}")
    share = total_right / total
    print(
        f"{'all':<22} {total_right}/{total} = {share:.1%} (goal >= 90%:"
        f" {'met' if share >= 0.9 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
