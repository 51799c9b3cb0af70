"""Provides the refresh benchmark: newsdesk vs newsboat on a local feed server.

    python bench/refresh_bench.py [--runs 3] [--feeds 200] [--items 50] [--latency 0.05]

Starts bench/feed_server.py, then times `newsdesk refresh` cold (empty desk) and warm (every
feed answers 304) as subprocesses, with peak RSS from wait4(); where `newsboat` is on PATH,
times `newsboat -x reload` (reload-threads 8) the same way and prints the ratios. Last, it
parses a real-world mix of feed shapes in-process and reports how often the strict fast path
applies and what each parse path costs per feed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedgen import mixed_feed, rss_feed  # noqa: E402


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS in MB and stdout of one subprocess run."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read() if proc.stderr else b""
        out.seek(0)
        stdout = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout


def start_server(feeds: int, items: int, latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "feed_server.py"), "--feeds", str(feeds), "--items",
         str(items), "--latency", str(latency)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("READY"):
        raise SystemExit("feed server did not start")
    return proc, f"http://127.0.0.1:{line.split()[1]}"


def stats(base: str) -> dict[str, int]:
    with urllib.request.urlopen(base + "/stats") as response:
        return dict(json.load(response))


def newsdesk_run(work: Path, urls: list[str]) -> tuple[list[float], list[float], float]:
    desk = work / "desk.json"
    opml = work / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    opml.write_text(f'<opml version="2.0"><head/><body>{outlines}</body></opml>')
    cli = [sys.executable, "-m", "newsdesk", "--db", str(desk)]
    subprocess.run(cli + ["import", str(opml)], check=True, capture_output=True)
    results = []
    for _ in range(2):
        seconds, rss, out = timed(cli + ["refresh", "--json"])
        report = json.loads(out)
        statuses = {f["status"] for f in report["feeds"]}
        results.append((seconds, rss, report["new"], statuses))
    (cold, cold_rss, new, cold_status), (warm, warm_rss, _, warm_status) = results
    if cold_status != {"updated"} or warm_status != {"not_modified"}:
        raise SystemExit(f"unexpected statuses: cold {cold_status}, warm {warm_status}")
    return [cold, warm], [cold_rss, warm_rss], new


def newsboat_run(work: Path, urls: list[str], base: str) -> tuple[list[float], list[float]]:
    """Cold, then warm; newsboat 2.21 stores a feed's ETag/Last-Modified only on its second
    fetch, so an untimed run in between makes the timed warm run conditional (checked)."""
    home = work / "home"
    home.mkdir()
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("reload-threads 8\n")
    cmd = ["newsboat", "-x", "reload", "-u", str(work / "urls"), "-c", str(work / "cache.db"),
           "-C", str(work / "config")]
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share")}
    cold, cold_rss, _ = timed(cmd, env)
    timed(cmd, env)
    before = stats(base)["304"]
    warm, warm_rss, _ = timed(cmd, env)
    if stats(base)["304"] - before < len(urls):
        print("  note: newsboat's warm run was not answered 304 for every feed")
    return [cold, warm], [cold_rss, warm_rss]


def parse_paths(feeds: int, items: int) -> None:
    from newsdesk.core.parse import build, parse_feed
    from newsdesk.core.parse_loose import parse_loose
    from newsdesk.core.parse_strict import parse_strict

    shapes: dict[str, dict[str, int]] = {}
    engines: dict[str, int] = {}
    for n in range(feeds):
        shape, data = mixed_feed(n, items)
        engine = parse_feed(data, "https://example.com/feed").engine
        engines[engine] = engines.get(engine, 0) + 1
        shapes.setdefault(shape, {}).setdefault(engine, 0)
        shapes[shape][engine] += 1
    print(f"\nparse path on a real-world mix of {feeds} feeds x {items} items:")
    for engine, count in sorted(engines.items()):
        print(f"  {engine:<10} {count:>4} feeds ({100 * count / feeds:.0f}%)")
    for shape, counts in shapes.items():
        print(f"    {shape:<15} {counts}")
    sample = [rss_feed(n, items) for n in range(20)]
    for name, path in (("strict", parse_strict), ("feedparser", parse_loose)):
        build(path(sample[0]), "https://example.com/", name)  # warm up imports
        started = time.perf_counter()
        for data in sample:
            build(path(data), "https://example.com/", name)
        per_feed = (time.perf_counter() - started) / len(sample) * 1000
        print(f"  {name:<10} {per_feed:6.1f} ms per feed (parse + clean + sanitize)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--skip-newsboat", action="store_true")
    args = parser.parse_args()
    server, base = start_server(args.feeds, args.items, args.latency)
    urls = [f"{base}/feed/{n}.xml" for n in range(args.feeds)]
    have_newsboat = shutil.which("newsboat") is not None and not args.skip_newsboat
    times: dict[str, list[float]] = {"nd_cold": [], "nd_warm": [], "nb_cold": [], "nb_warm": []}
    peak = 0.0
    try:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
                (nd_cold, nd_warm), rss, new = newsdesk_run(Path(tmp), urls)
                times["nd_cold"].append(nd_cold)
                times["nd_warm"].append(nd_warm)
                peak = max(peak, *rss)
                line = (f"run {run + 1}: newsdesk cold {nd_cold:.2f} s, warm {nd_warm:.2f} s, "
                        f"peak RSS {max(rss):.0f} MB, {new} new articles")
                if have_newsboat:
                    nb_dir = Path(tmp) / "newsboat"
                    nb_dir.mkdir()
                    (nb_cold, nb_warm), nb_rss = newsboat_run(nb_dir, urls, base)
                    times["nb_cold"].append(nb_cold)
                    times["nb_warm"].append(nb_warm)
                    line += (f"; newsboat cold {nb_cold:.2f} s, warm {nb_warm:.2f} s, "
                             f"peak RSS {max(nb_rss):.0f} MB")
                print(line, flush=True)
        print(f"server answers: {stats(base)}")
    finally:
        server.terminate()
        server.wait()
    med = {k: statistics.median(v) for k, v in times.items() if v}
    print(f"\nmedian of {args.runs}: newsdesk cold {med['nd_cold']:.2f} s, warm "
          f"{med['nd_warm']:.2f} s; peak RSS {peak:.0f} MB (target < 150 MB)")
    if have_newsboat:
        print(f"newsboat (reload-threads 8): cold {med['nb_cold']:.2f} s, warm {med['nb_warm']:.2f} s")
        print(f"ratio cold {med['nd_cold'] / med['nb_cold']:.2f}x (target <= 0.6x), "
              f"warm {med['nd_warm'] / med['nb_warm']:.2f}x (target <= 0.5x)")
    else:
        print("newsboat not on PATH: no ratios (apt-get install newsboat)")
    parse_paths(args.feeds, args.items)


if __name__ == "__main__":
    main()
