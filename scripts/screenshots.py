"""Regenerates screenshots/*.svg from the real app on the sample desk (make screenshots)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from newsdesk.core.sample import copy_sample_files, load_sample_desk, sample_page_map
from newsdesk.desk import Desk
from newsdesk.desk.demo import annotate_demo
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.app import NewsdeskApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZE = (160, 48)
LONG_READ = "Every drop accounted for"


async def keys(pilot: Pilot, *presses: str) -> None:
    for key in presses:
        await pilot.press(key)
        await pilot.pause()


async def typed(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


async def open_long_read(pilot: Pilot) -> None:
    articles = pilot.app.screen.query_one("#article-list")
    index = next(i for i, a in enumerate(articles.articles) if a.title.startswith(LONG_READ))
    articles.move_to(index)
    await keys(pilot, "enter")


async def annotated(pilot: Pilot) -> None:
    await open_long_read(pilot)
    await keys(pilot, "right_square_bracket", "h", "right_square_bracket", "right_square_bracket")
    await keys(pilot, "v", "right_square_bracket", "h", "H", "c")
    await typed(pilot, "Check the 3.5 percent figure against the utility's annual report.")
    await keys(pilot, "ctrl+s", *["right_square_bracket"] * 5, "h", "H", "H")


async def feed_error(pilot: Pilot) -> None:
    feeds = pilot.app.screen.query_one("#feed-list")
    index = next(i for i, e in enumerate(feeds.entries) if e.failed and e.kind == "feed")
    await keys(pilot, "shift+tab")
    feeds.move_to(index)
    await pilot.pause()


async def add_feed(pilot: Pilot) -> None:
    await keys(pilot, "a")
    await typed(pilot, "https://harbour-gazette.example/feed/")
    await keys(pilot, "tab")
    await typed(pilot, "local, council")


async def notes_browser(pilot: Pilot) -> None:
    await annotated(pilot)
    await keys(pilot, "N")


async def open_titled(pilot: Pilot, start: str) -> None:
    articles = pilot.app.screen.query_one("#article-list")
    index = next(i for i, a in enumerate(articles.articles) if a.title.startswith(start))
    articles.move_to(index)
    await keys(pilot, "enter")


async def full_text(pilot: Pilot) -> None:
    """A summary-only demo article, then F: the page is extracted offline from the demo pages."""
    await open_titled(pilot, "Winter ferry timetable")
    await keys(pilot, "F")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)


async def stories(pilot: Pilot) -> None:
    feeds = pilot.app.screen.query_one("#feed-list")
    index = next(i for i, e in enumerate(feeds.entries) if e.kind == "stories")
    await keys(pilot, "shift+tab")
    feeds.move_to(index)
    await pilot.pause()
    await keys(pilot, "tab")


async def compare(pilot: Pilot) -> None:
    await open_titled(pilot, "Storm Brannagh")
    await keys(pilot, "V")
    await pilot.pause(0.3)


async def claims(pilot: Pilot) -> None:
    """The demo's quotes and claims (as `newsdesk --demo` marks them), then B."""
    annotate_demo(pilot.app.desk)
    await keys(pilot, "B")
    await pilot.pause(0.3)
    await keys(pilot, "j", "j")


async def light_theme(pilot: Pilot) -> None:
    pilot.app.theme = "textual-light"
    await open_long_read(pilot)


async def narrow(pilot: Pilot) -> None:
    await open_long_read(pilot)


def with_broken_feed(store: TinyDBStore, folder: Path) -> None:
    """A feed whose last refresh failed, as a refresh records it (no network needed)."""
    feed = store.add_feed(
        "https://council.wrenmouth.example/notices.rss",
        title="Wrenmouth Council notices",
        tags=("local",),
    )
    store.update_feed(
        feed.id,
        last_status="failed",
        failures=3,
        error="HTTP 404 Not Found (3 failures; retried after a backoff)",
    )


Scenario = Callable[[Pilot], Awaitable[None]]
SHOTS: dict[str, tuple[Scenario | Sequence[str], bool, tuple[int, int]]] = {
    # name: (keys or scenario, load the sample desk as `make run` does, terminal size)
    "desk": ((), True, SIZE),
    "reader": (open_long_read, True, SIZE),
    "annotations": (annotated, True, SIZE),
    "notes-browser": (notes_browser, True, SIZE),
    "feed-error": (feed_error, True, SIZE),
    "add-feed": (add_feed, True, SIZE),
    "help": (("question_mark",), True, SIZE),
    "welcome": ((), False, SIZE),
    "full-text": (full_text, True, SIZE),
    "stories": (stories, True, SIZE),
    "compare": (compare, True, SIZE),
    "claims": (claims, True, SIZE),
    "light-theme": (light_theme, True, (100, 30)),
    "reader-80x24": (narrow, True, (80, 24)),
}


async def shoot(name: str) -> Path:
    action, sample, size = SHOTS[name]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "desk.json")
        desk = Desk(store)
        if sample:
            feeds = Path(tmp) / "feeds"
            load_sample_desk(store, copy_sample_files(feeds, with_fulltext=True))
            desk.local_pages = sample_page_map(feeds)
        if name == "feed-error":
            with_broken_feed(store, Path(tmp))
        app = NewsdeskApp(desk, clock=lambda: NOW)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if callable(action):
                await action(pilot)
            else:
                await keys(pilot, *action)
            await pilot.pause(0.3)
            path = Path(app.save_screenshot(f"{name}.svg", str(OUT)))
        store.close()
    return path


async def main(names: Sequence[str]) -> None:
    OUT.mkdir(exist_ok=True)
    for name in names or SHOTS:
        print(await shoot(name))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
