"""Full-text benchmark: keys while a page is extracted, and what the feature costs in memory.

    python bench/fulltext_bench.py [--size 50000] [--keep DIR] [--paragraphs 600]

A desk of `--size` bench articles (bench/make_desk.py) gets one summary-only item on top whose
link points at a long article page served on 127.0.0.1 (with 0.6 s latency), so `F` fetches
and extracts a real page.

1. Keys during extraction (Pilot, in process): `F` on that item, then `j` (scroll) and `s`
   (star) pressed while the fetch worker runs; per key, the Pilot round trip minus that of
   an unbound key (the same floor desk_bench.py subtracts). Only presses that completed
   before the worker finished count.
2. Peak RSS in a real terminal (tmux, VmHWM): this branch launched and painted, the same
   after enter (the renderer loaded), and after `F` until "full text" is on screen; main's
   checkout (/work/main) launched on the same desk for comparison. Whether trafilatura is
   loaded is read in a Pilot run: before any `F`, and after.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from make_desk import build  # noqa: E402
from tmux_ready import TMUX, _server, record_frames  # noqa: E402

PAINTED = r"All articles[\s\S]*Summary only"
LATENCY = 0.6
BASELINE = "unbound key"
FIRST_FRAME = "first frame: "  # key to the first frame painted after it (no Pilot floor)
PROCESSES = 1
ROUNDS = 8


def long_page(paragraphs: int) -> bytes:
    words = "harbour ferry timetable council storm breakwater island crew winter".split()
    body = "".join(
        f"<p>{' '.join(words[(i + j) % len(words)] for j in range(60))} number {i}.</p>"
        for i in range(paragraphs)
    )
    nav = "<nav>" + " ".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(40)) + "</nav>"
    return (
        f"<html><head><title>Long story</title></head><body>{nav}<article><h1>Summary only"
        f"</h1>{body}</article><footer>Copyright</footer></body></html>"
    ).encode()


def serve(page: bytes) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            time.sleep(LATENCY)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/story"


def add_summary_item(db: Path, link: str) -> None:
    from newsdesk.core.ports import ArticleInput
    from newsdesk.store import open_store

    store = open_store(db)
    feed = store.add_feed("https://briefs.example/rss", title="Briefs")
    store.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid="summary-only",
                title="Summary only: the long story",
                link=link,
                author="",
                published=datetime(2030, 1, 1, tzinfo=UTC),  # on top of the list
                updated=None,
                summary="The start of a long story. Continue reading…",
                body="<p>The start of a long story. Continue reading…</p>",
            )
        ],
    )
    (article,) = [a for a in store.articles() if a.feed_id == feed.id]
    store.set_read([article.id])  # opening it writes nothing: what is measured is F's cost
    store.close()


async def keys_during_extraction(db: Path) -> dict[str, list[float]]:
    from newsdesk.desk import Desk
    from newsdesk.store import open_store
    from newsdesk.ui.app import NewsdeskApp

    store = open_store(db)
    gc.freeze()  # as `newsdesk` does after opening the desk (cli.run_desk)
    desk = Desk(store)
    desk.extract_processes = PROCESSES  # as `newsdesk` itself runs it (cli.run_desk)
    app = NewsdeskApp(desk)
    timings: dict[str, list[float]] = {}
    frames = record_frames(app)  # when the app handed a frame to the (headless) driver
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)

        async def press(label: str, key: str) -> bool:
            running = fetching(app)
            frames.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            if label == BASELINE or label.endswith("idle") or (running and fetching(app)):
                timings.setdefault(label, []).append((time.perf_counter() - t0) * 1000)
                first = next((t for t in frames if t >= t0), None)
                if first is not None and label != BASELINE:
                    timings.setdefault(FIRST_FRAME + label, []).append((first - t0) * 1000)
            return fetching(app)

        for _ in range(20):
            await press(BASELINE, "f12")
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(10):  # the same keys with nothing running: the control
            await press("j (scroll), idle", "j")
            await press("s (star), idle", "s")
        for _ in range(ROUNDS):  # a fresh fetch each round: forget the stored full text
            opened = app.screen.open_id
            t0 = time.perf_counter()
            await pilot.press("F")
            await pilot.pause()
            while await press("j (scroll) during extraction", "j") | await press(
                "s (star) during extraction", "s"
            ):
                pass
            await app.workers.wait_for_complete()
            timings.setdefault("F until full text shown (s)", []).append(time.perf_counter() - t0)
            forget_full_text(store, opened)
            app.screen.reshow_open()
            await pilot.pause()
    store.close()
    return timings


def fetching(app) -> bool:  # type: ignore[no-untyped-def]
    return any(w.group == "fulltext" and not w.is_finished for w in app.workers)


def forget_full_text(store, article_id: str) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    article = store.article(article_id)
    store._index.put(dataclasses.replace(article, has_full=False, show_full=False))


def modules_loaded(db: Path) -> tuple[bool, bool]:
    """Whether trafilatura is imported after the first paint and an open, and after `F`
    (a Pilot run in a fresh interpreter)."""
    code = f"""
import asyncio, sys
from pathlib import Path
from newsdesk.desk import Desk
from newsdesk.store import open_store
from newsdesk.ui.app import NewsdeskApp

async def run():
    desk = Desk(open_store(Path({str(db)!r})))
    desk.extract_processes = {PROCESSES}
    app = NewsdeskApp(desk)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        before = "trafilatura" in sys.modules
        await pilot.press("F")
        await app.workers.wait_for_complete()
        print(before, "trafilatura" in sys.modules)
    app.desk.store.close()

asyncio.run(run())
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    before, after = out.stdout.split()[-2:]
    return before == "True", after == "True"


def tmux_rss(cwd: Path, db: Path, steps: list[tuple[list[str], str]]) -> list[float]:
    """Launch the desk in tmux from `cwd`, wait for the first paint, then for each step send
    its keys and wait for its pattern; VmHWM (MB) after the paint and after each step."""
    pid_file = Path(f"/tmp/newsdesk-ftbench-{time.time_ns()}.pid")
    cmd = [sys.executable, "-m", "newsdesk", "--db", str(db)]
    line = (
        f"cd {shlex.quote(str(cwd))} && sh -c "
        + shlex.quote(f"echo $$ > {pid_file}; exec " + " ".join(map(shlex.quote, cmd)))
        + "; sleep 60"
    )
    _server()
    subprocess.run(
        TMUX + ["new-session", "-d", "-s", "ftrss", "-x", "160", "-y", "48", line], check=True
    )
    try:
        peaks = []
        wait_for(PAINTED)
        time.sleep(1.0)
        pid = int(pid_file.read_text().strip())
        peaks.append(vm_hwm(pid))
        for keys, pattern in steps:
            subprocess.run(TMUX + ["send-keys", "-t", "ftrss", *keys], check=True)
            wait_for(pattern)
            time.sleep(1.0)
            peaks.append(vm_hwm(pid))
        return peaks
    finally:
        subprocess.run(TMUX + ["kill-session", "-t", "ftrss"], capture_output=True)
        pid_file.unlink(missing_ok=True)


def wait_for(pattern: str, timeout: float = 120) -> None:
    regex = re.compile(pattern, re.MULTILINE)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        screen = subprocess.run(
            TMUX + ["capture-pane", "-p", "-t", "ftrss"], capture_output=True, text=True
        ).stdout
        if regex.search(screen):
            return
        time.sleep(0.02)
    raise TimeoutError(f"never showed {pattern!r}")


def vm_hwm(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--paragraphs", type=int, default=600)
    parser.add_argument("--keep", type=Path, help="build the desk here and keep it")
    parser.add_argument(
        "--compare", type=Path, help="another checkout whose peak RSS to measure on the same desk"
    )
    parser.add_argument(
        "--threads", action="store_true", help="extract in a thread (the commands' way)"
    )
    args = parser.parse_args()
    global PROCESSES
    PROCESSES = 0 if args.threads else 1
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsdesk-ftbench-"))
    page = long_page(args.paragraphs)
    server, link = serve(page)
    try:
        base = root / f"desk-{args.size}"
        if not (base / "desk.json").exists():
            build(base, max(1, args.size // 500), 500)
        work = root / "work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(base, work, ignore=shutil.ignore_patterns("rss", "newsboat"))
        db = work / "desk.json"
        add_summary_item(db, link)
        print(f"== {args.size:,} articles + 1 summary item; page {len(page) / 1e3:.0f} kB")

        timings = asyncio.run(keys_during_extraction(db))
        floor = statistics.median(timings.pop(BASELINE))
        print(
            f"keys while F runs (Pilot round trip minus {floor:.0f} ms of an unbound key;"
            " first frame: from the key to the first frame painted after it):"
        )
        for label, values in timings.items():
            if label.endswith("(s)"):
                print(f"  {label}: median {statistics.median(values):.2f}")
                continue
            if label.startswith(FIRST_FRAME):  # no Pilot floor to take off
                print(
                    f"  {label}: median {statistics.median(values):.1f} ms,"
                    f" max {max(values):.1f} ms"
                )
                continue
            adjusted = [v - floor for v in values]
            print(
                f"  {label}: {len(values)} presses, median {statistics.median(adjusted):.1f} ms,"
                f" max {max(adjusted):.1f} ms"
            )

        before, after = modules_loaded(db)
        print(f"trafilatura imported in the desk: after paint and open {before}, after F {after}")
        shutil.rmtree(work, ignore_errors=True)  # a fresh copy: the Pilot run fetched it
        shutil.copytree(base, work, ignore=shutil.ignore_patterns("rss", "newsboat"))
        add_summary_item(db, link)
        ours = tmux_rss(ROOT, db, [(["Enter"], r"Continue reading"), (["F"], r"full text")])
        print(
            f"peak RSS, this branch: painted {ours[0]:.0f} MB, after enter {ours[1]:.0f} MB,"
            f" after F {ours[2]:.0f} MB"
        )
        if args.compare is not None:  # another checkout, e.g. before full text existed
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(base, work, ignore=shutil.ignore_patterns("rss", "newsboat"))
            add_summary_item(db, link)
            theirs = tmux_rss(args.compare, db, [(["Enter"], r"Continue reading")])
            print(
                f"peak RSS, {args.compare}: painted {theirs[0]:.0f} MB,"
                f" after enter {theirs[1]:.0f} MB"
            )
    finally:
        server.shutdown()
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
