"""Provides an interleaved A/B of extraction time: two checkouts, page by page, in CPU time.

    python bench/extract_ab.py BEFORE_DIR AFTER_DIR [--pages DIR] [--repeat 5]

On a machine shared with other jobs the wall time of one run moves by half between runs;
here each checkout extracts in its own worker process and the two take turns on every page
(the order alternates), timed with `time.process_time()`. Pages: those of
bench/extract_speed.py (the demo's article pages and bench/data/extract) plus `--pages`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SETS = [
    HERE.parent / "newsdesk" / "sample" / "fulltext" / "pages",
    HERE / "data" / "extract",
]


def page_files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        files += sorted(folder.glob("*.html")) + sorted(folder.glob("*/source.html"))
    return files


def worker(checkout: str, files: list[str]) -> None:
    """Extract the page whose index comes on stdin; answer with the CPU seconds it took."""
    sys.path.insert(0, checkout)
    from newsdesk.core.errors import ExtractError
    from newsdesk.core.extract import extract_article

    pages = [Path(name).read_bytes() for name in files]
    for data in pages[:3]:  # warm-up: imports, caches
        try:
            extract_article(data, "https://bench.example/")
        except ExtractError:
            pass
    print("READY", flush=True)
    for line in sys.stdin:
        index = int(line)
        started = time.process_time()
        try:
            extract_article(pages[index], f"https://bench.example/p{index}/")
        except ExtractError:
            pass
        print(time.process_time() - started, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--pages", action="append", type=Path, help="more page folders")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = [str(path) for path in page_files(DEFAULT_SETS + (args.pages or []))]
    sides = {"before": args.before, "after": args.after}
    procs = {
        side: subprocess.Popen(
            [sys.executable, __file__, "--worker", str(checkout.resolve()), *files],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for side, checkout in sides.items()
    }
    times: dict[str, list[list[float]]] = {side: [[] for _ in files] for side in sides}
    try:
        for proc in procs.values():
            assert proc.stdin is not None and proc.stdout is not None
            if proc.stdout.readline().strip() != "READY":
                raise SystemExit("a worker did not start")
        for round_ in range(args.repeat):
            for index in range(len(files)):
                order = list(sides) if (index + round_) % 2 == 0 else list(sides)[::-1]
                for side in order:
                    stdin, stdout = procs[side].stdin, procs[side].stdout
                    assert stdin is not None and stdout is not None
                    stdin.write(f"{index}\n")
                    stdin.flush()
                    times[side][index].append(float(stdout.readline()))
    finally:
        for proc in procs.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=30)
    for side in sides:
        per = sorted(statistics.median(runs) * 1000 for runs in times[side])
        p95 = per[round(0.95 * (len(per) - 1))]
        print(
            f"{side:7} {len(per)} pages, CPU ms a page (median of {args.repeat}, in turn): "
            f"median {statistics.median(per):5.1f}  p95 {p95:6.1f}  total {sum(per) / 1000:5.2f} s"
        )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], sys.argv[3:])
    else:
        raise SystemExit(main())
