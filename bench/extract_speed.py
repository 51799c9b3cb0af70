"""Provides the extraction speed benchmark: time per page, and fetch+extract of many pages.

    python bench/extract_speed.py [--pages DIR] [--repeat 5] [--count 100] [--latency 0.05]

1. Extraction alone: each page of the set (default: the demo's article pages and
   bench/data/extract; `--pages` adds a folder of *.html or */source.html) extracted
   `--repeat` times after a warm-up; median and p95 of the per-page time.
2. Fetch + extract: `--count` article pages served by bench/page_server.py with `--latency`
   seconds per response, fetched with extract_pages() at its default settings. Once from
   127.0.0.1 alone (one host: the two-per-host limit is the bottleneck) and once spread over
   10 loopback hosts 127.0.0.1-10 (what a feed list pointing at many sites looks like).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

DEFAULT_SETS = [ROOT / "newsdesk" / "sample" / "fulltext" / "pages", HERE / "data" / "extract"]


def page_files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        files += sorted(folder.glob("*.html")) + sorted(folder.glob("*/source.html"))
    return files


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"


def extraction_times(files: list[Path], repeat: int) -> None:
    from newsdesk.core.errors import ExtractError
    from newsdesk.core.extract import extract_article

    pages = [(path, path.read_bytes()) for path in files]
    for _, data in pages[:3]:  # warm-up: imports, regex and parser caches
        try:
            extract_article(data, "https://bench.example/")
        except ExtractError:
            pass
    per_page: list[float] = []
    failed = 0
    for path, data in pages:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                extract_article(data, f"https://bench.example/{path.stem}/")
            except ExtractError:
                failed += 1
            runs.append(time.perf_counter() - started)
        per_page.append(statistics.median(runs))
    size = statistics.median(len(data) for _, data in pages) / 1024
    note = f"  ({failed} failed)" if failed else ""
    print(
        f"extraction, {len(pages)} pages (median size {size:.0f} KB; a page's time is the "
        f"median of {repeat} runs):  {quantiles(per_page)}{note}"
    )


def start_server(host: str, count: int, latency: float) -> tuple[subprocess.Popen[str], int]:
    server = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "page_server.py"),
            "--pages",
            str(count),
            "--latency",
            str(latency),
            "--host",
            host,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline().split()
    if not line or line[0] != "READY":
        server.kill()
        raise SystemExit(f"page server on {host} did not start")
    return server, int(line[1])


def fetch_run(urls: list[str]) -> tuple[float, int]:
    from newsdesk.core.pagefetch import extract_pages

    started = time.perf_counter()
    results = asyncio.run(extract_pages(urls))
    return time.perf_counter() - started, sum(1 for r in results if not r.ok)


def fetch_times(count: int, latency: float, hosts: int) -> None:
    servers = [start_server(f"127.0.0.{n + 1}", count, latency) for n in range(hosts)]
    try:
        urls = [
            f"http://127.0.0.{n % hosts + 1}:{servers[n % hosts][1]}/page/{n}.html"
            for n in range(count)
        ]
        fetch_run(urls[:2])  # warm-up
        elapsed, failed = fetch_run(urls)
        where = "127.0.0.1" if hosts == 1 else f"{hosts} loopback hosts"
        print(
            f"fetch+extract {count} pages from {where}, {latency * 1000:.0f} ms latency: "
            f"{elapsed:5.2f} s" + (f"  ({failed} failed)" if failed else "")
        )
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", action="append", type=Path, help="more page folders")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    extraction_times(page_files(DEFAULT_SETS + (args.pages or [])), args.repeat)
    fetch_times(args.count, args.latency, hosts=1)
    fetch_times(args.count, args.latency, hosts=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
