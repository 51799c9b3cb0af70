"""Fixtures for the desk-layer tests: a desk on a fresh file (the server is tests/conftest's)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))  # hostile.py

from newsdesk.desk import Desk, open_desk  # noqa: E402


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    opened = open_desk(tmp_path / "desk.json")
    yield opened
    opened.close()
