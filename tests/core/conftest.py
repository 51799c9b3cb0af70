"""Fixtures for the feed engine tests: a real local HTTP server, a desk, fixture feeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from feedserver import FeedServer, gzip_bomb_bytes


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.close()


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    from newsdesk.store import open_store

    store = open_store(tmp_path / "desk.json")
    yield store
    store.close()


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    return gzip_bomb_bytes()
