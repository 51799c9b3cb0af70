"""Provides the feed subcommands: add, remove, feeds, import, export-opml, refresh."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Feed commands are added here by the feed engine."""
