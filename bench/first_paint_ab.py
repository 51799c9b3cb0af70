"""First paint of two newsdesk checkouts launched in turn (A/B), with newsboat in the same rounds.

On a shared machine the load moves between back-to-back runs; one launch of each in turn
keeps the comparison fair. Run: `python bench/first_paint_ab.py /tmp/before /tmp/after
--desks /work/perf-desks --sizes 10000,50000,250000 --rounds 8` (desks from desk_bench.py
--keep; newsboat is timed where desk_bench left its cache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from desk_bench import NEWSBOAT_QUIT, PAINTED, QUIT  # noqa: E402
from tmux_ready import compile_checkout, ready_times  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkouts", nargs="+", type=Path, help="source trees to compare")
    parser.add_argument("--desks", type=Path, default=Path("/work/perf-desks"))
    parser.add_argument("--sizes", default="10000,50000,250000")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    for root in args.checkouts:
        compile_checkout(root)
    entry = str(Path(sys.executable).with_name("newsdesk"))
    for size in (int(s) for s in args.sizes.split(",")):
        desk_dir = args.desks / f"desk-{size}"
        db = str(desk_dir / "desk.json")
        nb = desk_dir / "newsboat"
        times: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for root in args.checkouts:
                cmd = ["env", f"PYTHONPATH={root}", entry, "--db", db]
                times.setdefault(str(root), []).extend(ready_times(cmd, PAINTED, 1, quit_keys=QUIT))
            if shutil.which("newsboat") and (nb / "cache.db").exists():
                cmd = ["newsboat", "-u", str(nb / "urls"), "-c", str(nb / "cache.db")]
                cmd += ["-C", str(nb / "config")]
                times.setdefault("newsboat", []).extend(
                    ready_times(cmd, r"Bench feed 000", 1, timeout=120, quit_keys=NEWSBOAT_QUIT)
                )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"== {size:,} articles (load {load})")
        for name, values in times.items():
            print(f"  {name}: median {statistics.median(values):.3f} s, min {min(values):.3f} s")


if __name__ == "__main__":
    main()
