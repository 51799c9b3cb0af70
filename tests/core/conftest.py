"""Fixtures for the feed engine tests: a desk and fixture feeds (the server is in tests/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import gzip_bomb_bytes


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    from newsdesk.store import open_store

    store = open_store(tmp_path / "desk.json")
    yield store
    store.close()


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    return gzip_bomb_bytes()
