"""Provides where newsdesk keeps its files: --db, then $NEWSDESK_DB, then the XDG data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "newsdesk"
DESK_FILE = "desk.json"


def default_db_path() -> Path:
    env = os.environ.get("NEWSDESK_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / DESK_FILE


def resolve_db_path(cli_value: str | None) -> Path:
    return Path(cli_value).expanduser() if cli_value else default_db_path()


def default_config_path() -> Path:
    env = os.environ.get("NEWSDESK_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def style_cache_dir() -> Path:
    """Where the desk keeps its parsed styles between launches (newsdesk.ui.style_cache)."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "styles"
