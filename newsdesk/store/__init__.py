"""Provides persistence: the Store protocol and its TinyDB implementation."""

from pathlib import Path

from newsdesk.core.ports import ArticleInput, Store, UpsertResult

__all__ = ["ArticleInput", "Store", "UpsertResult", "open_store"]


def open_store(path: Path | str, *, readonly: bool = False) -> Store:
    """Open the desk at `path`; imported lazily so the core never loads tinydb."""
    from newsdesk.store.tinydb_store import TinyDBStore

    return TinyDBStore.open(path, readonly=readonly)
