"""Fixtures for driving the real desk with Pilot on a copy of the sample desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.store import open_store
from newsdesk.store.tinydb_store import TinyDBStore


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


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)
