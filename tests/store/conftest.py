"""Fixtures for the store tests; the helpers themselves live in storehelp.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.json"
