"""Provides a headless benchmark of the desk's view state: load and per-key work at any size.

    python bench/state_bench.py DESK.json [--repeat 7]

Times, in-process and without a terminal, what a key costs in newsdesk's own code before
Textual repaints: opening the store, building the view index (first paint waits on both),
the article list for "All articles", a search per typed letter, finding an article's row,
next unread, and re-reading one changed article (m, enter). Medians in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's newsdesk


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("desk", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from newsdesk.desk import Desk
    from newsdesk.store import open_store
    from newsdesk.ui.desk_state import DeskState, Filter
    from newsdesk.ui.widgets.feed_list import FeedEntry

    t0 = time.perf_counter()
    store = open_store(args.desk, readonly=True)
    print(f"open store: {(time.perf_counter() - t0) * 1000:.0f} ms")
    desk = Desk(store)
    state = DeskState(desk)
    gc.collect()
    ms, _ = timed(state.load, 3)
    print(f"view index load (DeskState.load): {ms:.0f} ms, {len(state.order):,} articles")
    all_entry = FeedEntry("all", "", "All articles", 0)
    ms, everything = timed(lambda: state.articles(Filter(all_entry)), args.repeat)
    print(f"articles(All): {ms:.1f} ms")
    ms, _ = timed(lambda: state.articles(Filter(FeedEntry("unread", "", "Unread", 0))), 3)
    print(f"articles(Unread): {ms:.1f} ms")
    ms, _ = timed(state.feed_entries, args.repeat)
    print(f"feed_entries: {ms:.1f} ms")
    for query in ("h", "ha", "harb", "harbour council"):
        ms, found = timed(lambda q=query: state.articles(Filter(all_entry, query=q)), 3)  # type: ignore[misc]
        print(f"search {query!r}: {ms:.1f} ms, {len(found):,} found")  # type: ignore[arg-type]
    assert isinstance(everything, list)
    last = everything[-1].id
    middle = everything[len(everything) // 2]
    at = len(everything) // 2
    ms, _ = timed(lambda: state.next_unread(middle.id, 1, everything, at), args.repeat)
    print(f"next_unread from the middle, its row known (as the screen calls it): {ms:.2f} ms")
    ms, _ = timed(lambda: state.next_unread(middle.id, 1, everything), args.repeat)
    print(f"next_unread from the middle, its row looked up: {ms:.2f} ms")
    ms, _ = timed(lambda: state.refreshed([middle.id]), args.repeat)
    assert state.rows[at] is state.listed(middle.id)
    print(f"refreshed one article: {ms:.3f} ms")
    ms, _ = timed(lambda: next(i for i, a in enumerate(everything) if a.id == last), 3)
    print(f"linear row lookup of the last article (the old index_of): {ms:.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
