"""Snapshots of full articles: the reader showing one (header says "full text"), and the
reader offering it for a summary-only item. Offline: the bundled demo feed and its pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from uikit import SIZE, make_app

from newsdesk.core.extract import extract_article
from newsdesk.core.sample import copy_fulltext_sample, load_sample_desk, sample_page_map
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.screens.desk import DeskScreen

FERRY = "Winter ferry timetable"


@pytest.fixture
def briefs_store(tmp_path: Path) -> TinyDBStore:
    """A desk with the summary-only demo feed; the ferry item has its full article stored."""
    store = open_store(tmp_path / "desk.json")
    load_sample_desk(store, [copy_fulltext_sample(tmp_path / "feeds")])
    ferry = next(a for a in store.articles() if a.title.startswith(FERRY))
    page = sample_page_map(tmp_path / "feeds")[ferry.link]
    full = extract_article(page.read_bytes(), ferry.link, {"content-type": "text/html"})
    store.set_full_text(ferry.id, full.html, extractor=full.extractor)
    store.flush()
    return store


def opener(store: TinyDBStore, prefix: str, show_full: bool):  # type: ignore[no-untyped-def]
    article = next(a for a in store.articles() if a.title.startswith(prefix))
    store.set_show_full(article.id, show_full)

    async def open_it(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DeskScreen)
        screen.open_article(article.id)
        await pilot.pause()

    return open_it


def test_reader_showing_a_full_article_snapshot(briefs_store, snap_compare):
    assert snap_compare(
        make_app(briefs_store),
        terminal_size=SIZE,
        run_before=opener(briefs_store, FERRY, show_full=True),
    )


def test_reader_offering_the_full_article_of_a_summary_snapshot(briefs_store, snap_compare):
    assert snap_compare(
        make_app(briefs_store),
        terminal_size=SIZE,
        run_before=opener(briefs_store, "Wrenmouth library", show_full=False),
    )
