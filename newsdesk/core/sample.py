"""Provides the bundled sample desk: its feed files and a loader that uses the real refresh path."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from newsdesk.core.ports import Store
from newsdesk.core.refresh import FeedOutcome, refresh_local

FEED_SUFFIXES = (".rss", ".atom", ".json", ".xml")
# folders for the sample feeds, so the desk shows groups the way an OPML import would
FOLDERS = {
    "harbour-gazette.rss": ("local",),
    "field-notes.atom": ("science & tech",),
    "terminal-times.json": ("science & tech",),
    "longreads.rss": ("long reads",),
    "briefs.rss": ("local",),
    "wrenmouth-echo.rss": ("local",),
    "coastal-wire.atom": ("local",),
}


def sample_files() -> list[Path]:
    folder = resources.files("newsdesk.sample")
    files = [
        Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(FEED_SUFFIXES) and entry.name != "MANIFEST.json"
    ]
    return sorted(files)


def copy_sample_files(target_dir: Path, with_fulltext: bool = False) -> list[Path]:
    """Copy the sample feeds; `with_fulltext` adds the summary-only demo feed and its pages
    (then hand `sample_page_map(target_dir)` to the page fetcher)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    copied = [Path(shutil.copy2(src, target_dir / src.name)) for src in sample_files()]
    if with_fulltext:
        copied.append(copy_fulltext_sample(target_dir))
    return copied


# The summary-only demo feed: its items link to https addresses (the feed parser keeps only
# http(s) links), and the page fetcher is handed `sample_page_map()` so those addresses are
# read from the copied pages instead of the network.
FULLTEXT_DIR = "fulltext"
FULLTEXT_FEED = "briefs.rss"
FULLTEXT_BASE = "https://harbour-gazette.example/briefs/"


def copy_fulltext_sample(target_dir: Path) -> Path:
    """Copy the summary-only feed and its article pages into `target_dir`; the feed's path."""
    source = resources.files("newsdesk.sample").joinpath(FULLTEXT_DIR)
    pages = target_dir / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for entry in source.joinpath("pages").iterdir():
        if entry.name.endswith(".html"):
            (pages / entry.name).write_bytes(entry.read_bytes())
    feed = target_dir / FULLTEXT_FEED
    feed.write_bytes(source.joinpath(FULLTEXT_FEED).read_bytes())
    return feed


def sample_page_map(target_dir: Path) -> dict[str, Path]:
    """The demo feed's article addresses mapped to the copied pages (see copy_fulltext_sample)."""
    pages = target_dir / "pages"
    return {FULLTEXT_BASE + page.name: page for page in sorted(pages.glob("*.html"))}


def load_sample_desk(store: Store, files: list[Path] | None = None) -> list[FeedOutcome]:
    """Subscribe to each sample file (as a file:// feed) and refresh it like any other feed."""
    outcomes = []
    for path in files if files is not None else sample_files():
        feed = store.add_feed(path.resolve().as_uri(), tags=FOLDERS.get(path.name, ()))
        outcomes.append(refresh_local(store, feed))
    return outcomes
