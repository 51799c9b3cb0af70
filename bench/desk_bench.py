"""Desk benchmark: launch to first paint, peak memory and per-key latency at 10k-250k articles.

Same run, same articles: newsboat (when installed) is timed on RSS files holding exactly the
articles of the newsdesk desk, its launches taking turns with newsdesk's (one of each per
round), so a change in the machine's load between runs weighs on both alike. Run: `make bench`
or `python bench/desk_bench.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # this checkout's newsdesk

from make_desk import build  # noqa: E402
from tmux_ready import (  # noqa: E402
    compile_checkout,
    peak_rss_mb,
    ready_times,
    record_frames,
    summary,
)

from newsdesk.ui.screens.desk_layout import COMPACT  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# the checkout this script lives in, not whatever tree the venv's entry point was installed from
NEWSDESK = ["env", f"PYTHONPATH={ROOT}", str(Path(sys.executable).with_name("newsdesk"))]
PAINTED = r"All articles[\s\S]*#\d+-\d+"  # the feed list and a first article title
# below COMPACT columns the feed list folds away and titles are cut before their "#n-m": the
# list's title, then a row's feed column
PAINTED_NARROW = r"All articles ·[\s\S]*Bench feed 000"
# the list's title gives its counts once the whole index is in (from the head it says
# "loading N articles…" until then)
LOADED = r"All articles · [\d,]+ articles?, [\d,]+ unread"
BASELINE = "unbound key (Pilot round trip)"
FIRST_FRAME = "first frame: "  # key to the first frame painted after it (no Pilot floor)
QUIT = ["C-q"]  # newsdesk quits before its session is killed (see tmux_ready.close_session)
# newsboat quits the same way, so neither program's shutdown runs into the next launch
# (killed, newsboat went on closing its cache while the next newsdesk started)
NEWSBOAT_QUIT = ["q"]


def newsboat_setup(desk_dir: Path) -> tuple[list[str], float] | None:
    if shutil.which("newsboat") is None:
        return None
    nb = desk_dir / "newsboat"
    nb.mkdir(exist_ok=True)
    urls = nb / "urls"
    urls.write_text("".join(f"file://{p}\n" for p in sorted((desk_dir / "rss").glob("*.xml"))))
    (nb / "config").write_text("reload-threads 8\n")
    base = ["newsboat", "-u", str(urls), "-c", str(nb / "cache.db"), "-C", str(nb / "config")]
    t0 = time.perf_counter()
    subprocess.run(base + ["-x", "reload"], check=True, capture_output=True)
    return base, time.perf_counter() - t0


async def key_latency(db: Path) -> dict[str, list[float]]:
    """Milliseconds per key, measured through Pilot on the real app."""
    import gc

    import orjson

    from newsdesk.desk import Desk
    from newsdesk.store import open_store
    from newsdesk.ui.app import NewsdeskApp

    store = open_store(db)
    gc.freeze()  # as `newsdesk` does after opening the desk (cli.run_desk)
    app = NewsdeskApp(Desk(store))
    timings: dict[str, list[float]] = {}
    frames = record_frames(app)  # when the app handed a frame to the (headless) driver

    async def press(label: str, *keys: str) -> None:
        t0 = time.perf_counter()
        await pilot.press(*keys)
        await pilot.pause()
        timings.setdefault(label, []).append((time.perf_counter() - t0) * 1000)
        first = next((t for t in frames if t >= t0), None)
        if first is not None and label != BASELINE:
            timings.setdefault(FIRST_FRAME + label, []).append((first - t0) * 1000)
        frames.clear()

    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.pause(0.5)  # let the deferred warm-up imports finish, as a user would
        await app.workers.wait_for_complete()  # and the search column's build (a thread)
        await pilot.pause()
        time_handlers(app, timings)
        for _ in range(20):
            await press(BASELINE, "f12")  # an unbound key: Pilot's own round trip
        for _ in range(20):
            await press("open article (enter)", "enter")
            await press("next article (j)", "j")
        for _ in range(20):
            await press("toggle read (m key)", "m")
            await press("star (s key)", "s")
        for _ in range(10):
            await press("next sentence (])", "right_square_bracket")
            await press("highlight (h)", "h")
        for word in ("harbour", "ferry", "tide", "council", "market", "storm"):
            await press("open search (/)", "slash")
            await press("search, first letter: first results (titles)", word[0])
            for letter in word[1:]:
                await press("search, each further letter (bodies from the 3rd)", letter)
            await press("close search (escape)", "escape")
        for _ in range(5):
            await press("open note editor (c)", "c")
            await pilot.press(*"note")
            await press("save note (ctrl+s)", "ctrl+s")
        # how long until a mark-read is on disk (the flush runs in the background)
        article = app.screen.query_one("#article-list").current
        mtime = db.stat().st_mtime_ns
        t0 = time.perf_counter()
        await pilot.press("m")
        want = not store.article(article.id).read
        on_disk = None
        while time.perf_counter() - t0 < 5:
            await pilot.pause(0.02)
            if db.stat().st_mtime_ns != mtime:
                # when the file changed, not when this check is done (reading and parsing
                # 80 MB takes the bench itself ~0.5 s at 250,000 articles)
                changed_at = time.perf_counter() - t0
                docs = orjson.loads(db.read_bytes())["articles"]
                doc = next(d for d in docs.values() if d["id"] == article.id)
                if doc.get("read", False) != want:
                    on_disk = changed_at
                    break
                mtime = db.stat().st_mtime_ns
        timings["mark read on disk after (s)"] = [on_disk if on_disk is not None else -1.0]
    store.close()
    return timings


HANDLERS = {  # desk method -> label: the time our code takes for the key, store write included
    "open_article": "handler: open article",
    "action_toggle_read": "handler: toggle read",
    "action_highlight": "handler: highlight",
}


def time_handlers(app, timings: dict[str, list[float]]) -> None:  # type: ignore[no-untyped-def]
    """Wrap the desk's key handlers and the note editor's save callback with a stopwatch."""
    screen = app.screen

    def timed(label: str, func):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                timings.setdefault(label, []).append((time.perf_counter() - t0) * 1000)

        return run

    for name, label in HANDLERS.items():
        setattr(screen, name, timed(label, getattr(screen, name)))
    push = app.push_screen

    def push_timed(modal, callback=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if callback is not None and type(modal).__name__ == "NoteEditorModal":
            callback = timed("handler: save note", callback)
        return push(modal, callback, *args, **kwargs)

    app.push_screen = push_timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,50000,250000")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--newsboat-max",
        type=int,
        default=50000,
        help="time newsboat only up to this size (its cache build takes minutes at 250k)",
    )
    parser.add_argument("--no-keys", action="store_true", help="skip the Pilot key timings")
    parser.add_argument("--keys-only", action="store_true", help="only the Pilot key timings")
    parser.add_argument("--keep", type=Path, help="build desks here and keep them")
    parser.add_argument(
        "--terminal",
        default="160x48",
        help="COLSxROWS of the terminal the first paints are timed in (e.g. 80x24)",
    )
    args = parser.parse_args()
    compile_checkout(ROOT)
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            if args.keys_only:
                run_keys(root / f"desk-{size}")
            else:
                cols, rows = (int(n) for n in args.terminal.split("x"))
                run_size(
                    root, size, args.runs, size <= args.newsboat_max, not args.no_keys, (cols, rows)
                )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def run_size(
    root: Path, size: int, runs: int, newsboat: bool, keys: bool, terminal: tuple[int, int]
) -> None:
    per_feed = 500
    desk_dir = root / f"desk-{size}"
    db = desk_dir / "desk.json"
    if not db.exists():
        build(desk_dir, max(1, size // per_feed), per_feed)
    print(
        f"\n== {size:,} articles ({db.stat().st_size / 1e6:.1f} MB index), "
        f"first paints at {terminal[0]}x{terminal[1]}"
    )
    peer = newsboat_setup(desk_dir) if newsboat else None
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):  # in turns: the same load for both
        painted = PAINTED if terminal[0] >= COMPACT else PAINTED_NARROW
        ours += ready_times([*NEWSDESK, "--db", str(db)], painted, 1, size=terminal, quit_keys=QUIT)
        if peer is not None:
            theirs += ready_times(
                peer[0], r"Bench feed 000", 1, timeout=120, size=terminal, quit_keys=NEWSBOAT_QUIT
            )
    print(f"newsdesk first paint: {summary(ours)}")
    whole = ready_times([*NEWSDESK, "--db", str(db)], LOADED, runs, quit_keys=QUIT)
    print(f"newsdesk whole index in (keys act): {summary(whole)}")
    rss = peak_rss_mb([*NEWSDESK, "--db", str(db)], PAINTED, quit_keys=QUIT)
    print(f"newsdesk peak RSS: {rss:.0f} MB")
    opened = peak_rss_mb([*NEWSDESK, "--db", str(db)], PAINTED, keys=["Enter"], quit_keys=QUIT)
    print(f"newsdesk peak RSS after opening an article: {opened:.0f} MB")
    if peer is not None:
        base, reload_s = peer
        print(f"newsboat first paint: {summary(theirs)} (cache built in {reload_s:.1f} s)")
        print(f"ratio newsdesk/newsboat: {statistics.median(ours) / statistics.median(theirs):.2f}")
        print(f"newsboat peak RSS: {peak_rss_mb(base, r'Bench feed 000'):.0f} MB")
    elif newsboat:
        print("newsboat not installed: no comparison (apt-get install newsboat)")
    if keys:
        run_keys(desk_dir)


def run_keys(desk_dir: Path) -> None:
    work = desk_dir.with_name(desk_dir.name + "-keys")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(desk_dir, work, ignore=shutil.ignore_patterns("rss", "newsboat"))
    timings = asyncio.run(key_latency(work / "desk.json"))
    floor = statistics.median(timings[BASELINE])
    print(f"  until repainted: Pilot round trip minus the {floor:.0f} ms of an unbound key;")
    print("  handler: time in newsdesk's code for the key (store write included);")
    print("  first frame: from the key to the first frame the app painted after it:")
    for label, values in timings.items():
        if label.endswith("(s)"):
            print(f"  {label}: {values[0]:.2f}")
        elif label.startswith(("handler:", FIRST_FRAME)):
            print(f"  {label}: median {statistics.median(values):.1f} ms, max {max(values):.1f} ms")
        elif label != BASELINE:
            print(
                f"  {label}: median {statistics.median(values) - floor:.1f} ms, "
                f"max {max(values) - floor:.1f} ms (raw median "
                f"{statistics.median(values):.0f} ms)"
            )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
