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


def copy_sample_files(target_dir: Path) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(src, target_dir / src.name)) for src in sample_files()]


def load_sample_desk(store: Store, files: list[Path] | None = None) -> list[FeedOutcome]:
    """Subscribe to each sample file (as a file:// feed) and refresh it like any other feed."""
    outcomes = []
    for path in files if files is not None else sample_files():
        feed = store.add_feed(path.resolve().as_uri(), tags=FOLDERS.get(path.name, ()))
        outcomes.append(refresh_local(store, feed))
    return outcomes
