"""Runs every benchmark in turn (make bench): the desk at 10k/50k/250k articles, refresh, stories,
full articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script, args in (
        ("desk_bench.py", []),
        ("refresh_bench.py", ["--runs", "5"]),
        ("stories_bench.py", []),
        ("stories_speed.py", []),
        ("speakers_bench.py", []),
        ("fulltext_bench.py", []),
    ):
        print(f"\n######## {script}", flush=True)
        status |= subprocess.run([sys.executable, str(HERE / script), *args]).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
