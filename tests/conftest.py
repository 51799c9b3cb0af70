"""Fixtures shared by every test directory: the local HTTP server (see feedserver.py)."""

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
