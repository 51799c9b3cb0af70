"""Stories through the desk layer on a 50,000-article desk (real store, bodies in shards).

    python bench/stories_desk_bench.py [--articles 50000] [--new 500] [--runs 3] [--keep DIR]

Reports:
- first grouping of every article (Desk.ensure_stories with progress, as the desk's worker
  runs it: ledes read from the shards, grouping, the state saved) and its peak RSS growth;
- the cost of the saved state: its size, the flush, loading it again on a later open;
- grouping 500 new articles after a refresh (Desk.add_new_to_stories: finds what is new,
  reads their ledes, groups them and saves the state), median of runs on fresh copies;
- first paint of the desk with and without a saved grouping (the index loads after it).
Goals: first grouping <= 10 s, 500 new <= 200 ms, RSS growth <= 30 MB, first paint unchanged.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stories_speed import synthetic  # noqa: E402
from tmux_ready import ready_times, summary  # noqa: E402

from newsdesk.core.ports import ArticleInput  # noqa: E402
from newsdesk.desk import open_desk  # noqa: E402
from newsdesk.store import open_store  # noqa: E402

QUIT = ["C-q"]  # newsdesk's quit key

ROOT = Path(__file__).resolve().parent.parent
# this checkout's newsdesk, whatever the venv's entry point was installed from
NEWSDESK = ["env", f"PYTHONPATH={ROOT}", sys.executable, "-m", "newsdesk"]
PAINTED = r"All articles[\s\S]*Stories"
SKIP = shutil.ignore_patterns("*.sock", "*.lock")  # a desk left open by a failed run
FILLER = "<p>" + "The council will publish the full figures next week. " * 12 + "</p>"


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount, _ = line.split()
            values[key] = int(amount) / 1024
    return values["VmRSS:"], values["VmHWM:"]


def reset_peak() -> None:
    """Start VmHWM from the current RSS (Linux: write 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def as_input(article) -> ArticleInput:  # type: ignore[no-untyped-def]
    return ArticleInput(
        guid=article.id,
        title=article.title,
        link=f"https://bench.example/{article.id}",
        author="",
        published=article.published,
        updated=None,
        summary="",
        body=f"<p>{article.lede}</p>{FILLER}",
    )


def build(db: Path, articles: list) -> None:  # type: ignore[type-arg]
    store = open_store(db)
    by_feed: dict[str, list[ArticleInput]] = defaultdict(list)
    for article in articles:
        by_feed[article.feed_id].append(as_input(article))
    for feed_id, items in sorted(by_feed.items()):
        feed = store.add_feed(f"https://bench.example/{feed_id}.xml", title=f"Outlet {feed_id}")
        store.upsert_articles(feed.id, items)
    store.close()


def add_new(db: Path, articles: list) -> None:  # type: ignore[type-arg]
    """Put `articles` in the desk as a refresh would (through the store)."""
    store = open_store(db)
    feeds = {f.title: f for f in store.feeds()}
    by_feed: dict[str, list[ArticleInput]] = defaultdict(list)
    for article in articles:
        by_feed[article.feed_id].append(as_input(article))
    for feed_id, items in by_feed.items():
        store.upsert_articles(feeds[f"Outlet {feed_id}"].id, items)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the desk here and keep it")
    parser.add_argument(
        "--paint-only", action="store_true", help="only first paint (desks kept by --keep)"
    )
    args = parser.parse_args()
    if args.paint_only:
        assert args.keep, "--paint-only needs the desks of an earlier --keep run"
        first_paint(args.keep, args.runs)
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsdesk-stories-"))
    root.mkdir(parents=True, exist_ok=True)
    everything = sorted(synthetic(args.articles + args.new), key=lambda a: (a.published, a.id))
    old, new = everything[: args.articles], everything[args.articles :]
    plain = root / "plain"
    if not (plain / "desk.json").exists():
        plain.mkdir(exist_ok=True)
        began = time.perf_counter()
        build(plain / "desk.json", old)
        print(f"built a {len(old):,}-article desk in {time.perf_counter() - began:.0f} s")
    size = (plain / "desk.json").stat().st_size / 1e6
    print(f"== {len(old):,} articles, {size:.1f} MB desk file without stories")

    grouped = root / "grouped"
    shutil.rmtree(grouped, ignore_errors=True)
    shutil.copytree(plain, grouped, ignore=SKIP)
    desk = open_desk(grouped / "desk.json")
    desk.articles()
    reset_peak()
    before, _ = rss_mb()
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1

    began = time.perf_counter()
    cpu = time.process_time()
    desk.ensure_stories(progress)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    _, peak = rss_mb()
    multi = len(desk.story_rows(2))
    print(
        f"first grouping: {wall:.2f} s wall, {cpu:.2f} s CPU, {calls} progress calls, "
        f"{multi:,} stories of 2+ outlets; peak RSS growth {peak - before:.1f} MB"
    )
    began = time.perf_counter()
    desk.close()
    print(f"close (flush with the story state): {time.perf_counter() - began:.2f} s")
    grown = (grouped / "desk.json").stat().st_size / 1e6
    print(f"desk file with stories: {grown:.1f} MB (+{grown - size:.1f} MB)")

    loads: list[float] = []
    adds: list[float] = []
    saves: list[float] = []
    add_cpu: list[float] = []
    for run in range(args.runs):
        work = root / f"run{run}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(grouped, work, ignore=SKIP)
        add_new(work / "desk.json", new)
        desk = open_desk(work / "desk.json")
        began = time.perf_counter()
        desk.ensure_stories()  # the saved grouping, plus the new articles
        loads.append(time.perf_counter() - began)
        desk.close()
        # again, to time the 500 alone: load first, then add them as a refresh does
        shutil.rmtree(work)
        shutil.copytree(grouped, work, ignore=SKIP)
        desk = open_desk(work / "desk.json")
        desk.ensure_stories()
        add_new_in_place(desk, new)
        saving = desk._save_stories
        saved: list[float] = []

        def timed_save(index, saving=saving, saved=saved):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            saving(index)
            saved.append(time.perf_counter() - start)

        desk._save_stories = timed_save  # type: ignore[method-assign]
        began, cpu_began = time.perf_counter(), time.process_time()
        added = desk.add_new_to_stories()
        adds.append(time.perf_counter() - began)
        add_cpu.append(time.process_time() - cpu_began)
        saves.append(saved[0])
        assert added == len(new), added
        desk.close()
        shutil.rmtree(work)
    print(
        f"load saved stories + catch up {len(new)} (a later open): "
        f"median {statistics.median(loads) * 1000:.0f} ms"
    )
    print(
        f"{len(new)} new articles after a refresh (add_new_to_stories, state saved): "
        f"median {statistics.median(adds) * 1000:.0f} ms over {args.runs} runs "
        f"({', '.join(f'{a * 1000:.0f}' for a in adds)} ms; CPU median "
        f"{statistics.median(add_cpu) * 1000:.0f} ms), of which saving the state "
        f"median {statistics.median(saves) * 1000:.0f} ms"
    )

    first_paint(root, args.runs)
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def first_paint(root: Path, runs: int) -> None:
    """Launch to first paint, alternating the two desks so machine load hits both alike."""
    times: dict[str, list[float]] = {"without stories": [], "with saved stories": []}
    for _ in range(runs):
        for label, folder in (("without stories", "plain"), ("with saved stories", "grouped")):
            db = root / folder / "desk.json"
            # asked to quit and waited for: a desk hung up instead may still be saving (a
            # desk from an earlier release is rewritten at its first save) when the next
            # launch comes, and that launch finds it locked
            times[label] += ready_times([*NEWSDESK, "--db", str(db)], PAINTED, 1, quit_keys=QUIT)
    for label, found in times.items():
        print(f"first paint {label}: {summary(found)}")


def add_new_in_place(desk, articles: list) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Upsert into an open desk, as the refresh does before it groups what is new."""
    feeds = {f.title: f for f in desk.feeds()}
    by_feed: dict[str, list[ArticleInput]] = defaultdict(list)
    for article in articles:
        by_feed[article.feed_id].append(as_input(article))
    for feed_id, items in by_feed.items():
        desk.store.upsert_articles(feeds[f"Outlet {feed_id}"].id, items)


if __name__ == "__main__":
    raise SystemExit(main())
