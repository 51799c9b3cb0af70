"""Fixtures for driving the real desk with Pilot on a copy of the sample desk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.app import NewsdeskApp

FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZE = (160, 48)


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[TinyDBStore]:
    store = open_store(tmp_path / "desk.json")
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    store.flush()
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[TinyDBStore]:
    store = open_store(tmp_path / "desk.json")
    yield store
    store.close()


def make_app(store: TinyDBStore) -> NewsdeskApp:
    return NewsdeskApp(store, clock=lambda: FIXED_NOW)


def screen_text(app: NewsdeskApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)
