"""Provides the refresh benchmark: newsdesk vs newsboat on a local feed server.

    python bench/refresh_bench.py [--runs 5] [--feeds 200] [--items 50] [--latency 0.05]
                                  [--hosts 10] [--skip-newsboat] [--json-out FILE]

Starts bench/feed_server.py, the feeds spread over `--hosts` loopback hosts (127.0.0.1-N, as a
subscription list spreads over many sites; `--hosts 1` serves them all from one), then times
`newsdesk refresh` cold (empty desk) and warm (every feed answers 304) as subprocesses: wall
time, CPU time (wait4) and the peak RSS of the whole process tree (parse workers included).
Where `newsboat` is on PATH it times `newsboat -x reload` (reload-threads 8) the same way,
interleaved run by run, and prints the ratios of the medians. Last, it parses a real-world mix
of feed shapes in-process and reports how often the strict fast path applies and what each
parse path costs per feed.

This checkout's modules are compiled to bytecode first, as installing a wheel does: with
PYTHONDONTWRITEBYTECODE set, every timed run would otherwise compile them from source again.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # this checkout's newsdesk, in-process and in the runs

from feedgen import mixed_feed, rss_feed  # noqa: E402


def _tree_rss_kb(pid: int) -> int:
    """Resident KB of a process and all its descendants now (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration, ValueError):
            continue
        todo.extend(int(c) for c in children)
    return total


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree every 10 ms (wait4 only gives the largest)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self.done.wait(0.01)


@dataclass(frozen=True)
class Run:
    seconds: float  # wall
    cpu: float  # user + system of the process and its children
    rss_mb: float  # peak of the whole process tree, summed
    stdout: bytes = b""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read() if proc.stderr else b""
        out.seek(0)
        stdout = out.read()
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.decode()[-2000:]}")
    return Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        max(usage.ru_maxrss, sampler.peak_kb) / 1024,
        stdout,
    )


def start_server(
    feeds: int, items: int, latency: float, hosts: int = 1
) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "feed_server.py"),
            "--feeds",
            str(feeds),
            "--items",
            str(items),
            "--latency",
            str(latency),
            "--hosts",
            str(hosts),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("READY"):
        raise SystemExit("feed server did not start")
    return proc, int(line.split()[1])


def feed_urls(port: int, feeds: int, hosts: int) -> list[str]:
    """Feed n on host n mod `hosts`: every host serves about as many feeds."""
    return [f"http://127.0.0.{n % hosts + 1}:{port}/feed/{n}.xml" for n in range(feeds)]


def stats(base: str) -> dict[str, int]:
    with urllib.request.urlopen(base + "/stats") as response:
        return dict(json.load(response))


def newsdesk_run(work: Path, urls: list[str]) -> tuple[Run, Run, int]:
    """Cold (empty desk, every feed new) then warm (every feed answers 304), checked."""
    desk = work / "desk.json"
    opml = work / "feeds.opml"
    outlines = "".join(
        f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls)
    )
    opml.write_text(f'<opml version="2.0"><head/><body>{outlines}</body></opml>')
    cli = [sys.executable, "-m", "newsdesk", "--db", str(desk)]
    env = {
        **os.environ,
        "NEWSDESK_CONFIG": str(work / "defaults.toml"),  # no user config
        "PYTHONPATH": str(HERE.parent),
    }
    subprocess.run(cli + ["import", str(opml)], check=True, capture_output=True, env=env)
    cold = timed(cli + ["refresh", "--json"], env)
    warm = timed(cli + ["refresh", "--json"], env)
    cold_report, warm_report = json.loads(cold.stdout), json.loads(warm.stdout)
    cold_status = {f["status"] for f in cold_report["feeds"]}
    warm_status = {f["status"] for f in warm_report["feeds"]}
    if cold_status != {"updated"} or warm_status != {"not_modified"}:
        raise SystemExit(f"unexpected statuses: cold {cold_status}, warm {warm_status}")
    return cold, warm, int(cold_report["new"])


def newsboat_run(work: Path, urls: list[str], base: str) -> tuple[Run, Run]:
    """Cold, then warm; newsboat 2.21 stores a feed's ETag/Last-Modified only on its second
    fetch, so an untimed run in between makes the timed warm run conditional (checked)."""
    home = work / "home"
    home.mkdir()
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("reload-threads 8\n")
    cmd = [
        "newsboat",
        "-x",
        "reload",
        "-u",
        str(work / "urls"),
        "-c",
        str(work / "cache.db"),
        "-C",
        str(work / "config"),
    ]
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
    }
    cold = timed(cmd, env)
    timed(cmd, env)
    before = stats(base)["304"]
    warm = timed(cmd, env)
    if stats(base)["304"] - before < len(urls):
        print("  note: newsboat's warm run was not answered 304 for every feed")
    return cold, warm


def parse_paths(feeds: int, items: int) -> dict[str, object]:
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
    costs = {}
    for name, path in (("strict", parse_strict), ("feedparser", parse_loose)):
        build(path(sample[0]), "https://example.com/", name)  # warm up imports
        started = time.process_time()
        for data in sample:
            build(path(data), "https://example.com/", name)
        costs[name] = (time.process_time() - started) / len(sample) * 1000
        print(
            f"  {name:<10} {costs[name]:6.1f} ms CPU per feed on the same well-formed feeds "
            "(parse + clean + sanitize)"
        )
    return {"share": engines, "ms_per_feed": costs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--hosts", type=int, default=10, help="loopback hosts (1-254)")
    parser.add_argument("--skip-newsboat", action="store_true")
    parser.add_argument("--json-out", metavar="FILE", help="also write the medians as JSON")
    args = parser.parse_args()
    compileall.compile_dir(HERE.parent / "newsdesk", quiet=1)
    server, port = start_server(args.feeds, args.items, args.latency, args.hosts)
    base = f"http://127.0.0.1:{port}"
    urls = feed_urls(port, args.feeds, args.hosts)
    have_newsboat = shutil.which("newsboat") is not None and not args.skip_newsboat
    runs: dict[str, list[Run]] = {
        "newsdesk cold": [],
        "newsdesk warm": [],
        "newsboat cold": [],
        "newsboat warm": [],
    }
    try:
        for number in range(args.runs):  # interleaved, so background load hits both alike
            with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
                cold, warm, new = newsdesk_run(Path(tmp), urls)
                runs["newsdesk cold"].append(cold)
                runs["newsdesk warm"].append(warm)
                line = (
                    f"run {number + 1}: newsdesk cold {cold.seconds:.2f} s, warm "
                    f"{warm.seconds:.2f} s, {new} new articles"
                )
                if have_newsboat:
                    nb_dir = Path(tmp) / "newsboat"
                    nb_dir.mkdir()
                    nb_cold, nb_warm = newsboat_run(nb_dir, urls, base)
                    runs["newsboat cold"].append(nb_cold)
                    runs["newsboat warm"].append(nb_warm)
                    line += f"; newsboat cold {nb_cold.seconds:.2f} s, warm {nb_warm.seconds:.2f} s"
                print(f"{line} (load {os.getloadavg()[0]:.2f})", flush=True)
        print(f"server answers: {stats(base)}")
    finally:
        server.terminate()
        server.wait()
    med: dict[str, dict[str, float]] = {}
    print(
        f"\nmedians of {args.runs} runs ({args.feeds} feeds x {args.items} items on "
        f"{args.hosts} host{'s' if args.hosts != 1 else ''}, {args.latency * 1000:.0f} ms latency):"
    )
    for name, done in runs.items():
        if not done:
            continue
        med[name] = {
            "seconds": statistics.median(r.seconds for r in done),
            "cpu": statistics.median(r.cpu for r in done),
            "rss_mb": max(r.rss_mb for r in done),
        }
        m = med[name]
        print(
            f"  {name:<14} {m['seconds']:5.2f} s wall, {m['cpu']:5.2f} s CPU, "
            f"peak RSS {m['rss_mb']:.0f} MB"
        )
    ratios = {}
    if have_newsboat:
        for phase, target in (("cold", 0.4), ("warm", 0.3)):  # issue 14
            ratio = med[f"newsdesk {phase}"]["seconds"] / med[f"newsboat {phase}"]["seconds"]
            cpu = med[f"newsdesk {phase}"]["cpu"] / med[f"newsboat {phase}"]["cpu"]
            ratios[phase] = ratio
            print(
                f"  {phase}: newsdesk/newsboat {ratio:.2f}x wall (target <= {target}x), "
                f"{cpu:.2f}x CPU"
            )
    elif args.skip_newsboat:
        print("  newsboat skipped (--skip-newsboat): no ratios")
    else:
        print("  newsboat not on PATH: no ratios (apt-get install newsboat)")
    peak = max(med["newsdesk cold"]["rss_mb"], med["newsdesk warm"]["rss_mb"])
    print(f"  newsdesk refresh peak RSS {peak:.0f} MB, workers included (target <= 90 MB)")
    shares = parse_paths(args.feeds, args.items)
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps(
                {
                    "medians": med,
                    "ratios": ratios,
                    "parse_paths": shares,
                    "runs": args.runs,
                    "hosts": args.hosts,
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
