"""Fixtures shared by every test directory: the local HTTP server (see feedserver.py), and a
cache directory of the test's own (a desk launched through the CLI keeps its parsed
stylesheet there, not in the user's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from feedserver import FeedServer


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 with no routes yet; closed after the test."""
    srv = FeedServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def _own_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
