"""Shared pieces of the UI tests: the fixed clock and size, and reading the screen.

A module of its own (not conftest) so that tests import it by a name no other test
folder uses.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.desk import Desk
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.app import NewsdeskApp

FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZE = (160, 48)


def make_app(store: TinyDBStore) -> NewsdeskApp:
    return NewsdeskApp(Desk(store), clock=lambda: FIXED_NOW)


def screen_text(app: NewsdeskApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
