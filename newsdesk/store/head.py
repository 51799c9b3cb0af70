"""Provides the desk's head file: what the first frame needs, so launch paints before loading.

`desk.json.head` holds the feeds, the settings, the unread counts and the newest article
records of the main file it was made from, with that file's identity (inode, size, mtime).
It is a cache: written after the main file (atomically, like every desk file), ignored when
missing, damaged or made from another version of the main file, and deleting it loses
nothing. It is written by synchronous flushes (closing the desk, every CLI command), not by
the half-second background flush, whose main file a later close covers anyway: building it
walks the whole index (~0.1 s at 250,000 articles), which a keypress must never wait for.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Callable, Iterator
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.core.columns import READ, STARRED, feed_counts, live_row_tags, tag_counts
from newsdesk.store.atomic import atomic_write
from newsdesk.store.lock import DeskLock

if TYPE_CHECKING:
    from newsdesk.store.article_index import IndexSnapshot

HEAD_VERSION = 1
HEAD_ROWS = 300  # newest articles kept, and as many of the newest unread ones
HEAD_TABLES = ("meta", "feeds", "settings")  # copied whole: small, and the first frame reads them

Identity = list[int]


def head_path(path: Path) -> Path:
    return path.with_name(path.name + ".head")


def file_identity(path: Path) -> Identity | None:
    """Which version of the main file is on disk: an atomic replace changes the inode."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def build_head(data: dict[str, Any], identity: Identity, index: IndexSnapshot) -> bytes:
    """The head of the main file whose tables are `data` (the index aside) and whose index
    is `index`, for the file with `identity`. C-level passes over its columns only: this
    runs at every synchronous flush of a 250,000-article desk."""
    table = index.table
    rows = range(table.size)
    stamps = table.published
    unread = table.where(0, READ)
    starred = table.where(STARRED, STARRED)
    tagged, tagged_unread = tag_counts(live_row_tags(table), unread)
    chosen = set(heapq.nlargest(HEAD_ROWS, table.rows(), key=stamps.__getitem__))
    unread_rows = compress(rows, unread)
    chosen.update(heapq.nlargest(HEAD_ROWS, unread_rows, key=stamps.__getitem__))
    head = {
        "version": HEAD_VERSION,
        "main": identity,
        "total": len(table),
        "tables": {
            **{name: data.get(name, {}) for name in HEAD_TABLES},
            # in the index's own order, so equal dates sort as they will in the full list
            "articles": index.docs(sorted(chosen)),
        },
        "counts": {
            "unread_by_feed": feed_counts(table, unread),
            "tag_counts": tagged,
            "tag_unread": tagged_unread,
            "starred": starred.count(1),
            "starred_unread": table.count(STARRED, STARRED | READ),
        },
    }
    return orjson.dumps(head)


def write_head(
    path: Path,
    data: dict[str, Any],
    index: Callable[[], IndexSnapshot],
    written_for: Identity | None,
) -> Identity | None:
    """Write the head of the main file now on disk unless it is already there; returns the
    identity it stands for. Never raises: a head that cannot be made is simply not there
    (an old one no longer matches the main file, so it is ignored)."""
    identity, due = head_due(path, written_for)
    if due and identity is not None:
        with contextlib.suppress(OSError, KeyError, TypeError, ValueError, AttributeError):
            atomic_write(head_path(path), build_head(data, identity, index()))
    return identity  # not retried for this version of the main file


def head_due(path: Path, written_for: Identity | None) -> tuple[Identity | None, bool]:
    """The identity of the main file now on disk (or `written_for` when there is none), and
    whether a head is owed to it: not when `written_for` says it was made, nor when the
    head on disk (left by an earlier session) was made from it."""
    identity = file_identity(path)
    if identity is None or identity == written_for:
        return written_for, False
    if written_for is None and head_made_for(path) == identity:
        return identity, False
    return identity, True


def head_made_for(path: Path) -> Identity | None:
    """The identity of the main file the head on disk was made from, if any."""
    with contextlib.suppress(OSError, orjson.JSONDecodeError, AttributeError):
        made_for = orjson.loads(head_path(path).read_bytes()).get("main")
        return made_for if isinstance(made_for, list) else None
    return None


def head_stream(
    tables: dict[str, Any], identity: Identity, index: IndexSnapshot
) -> Iterator[bytes]:
    """The head, made when the writer thread takes it (`tables`: the head's tables as they
    were when it was asked for, already serialised)."""
    yield build_head(tables, identity, index)


def read_head(path: Path) -> dict[str, Any] | None:
    """The head if it was made from the main file now on disk and looks whole, else None.
    Read it while holding the desk's lock, so the main file cannot change behind it."""
    try:
        head = orjson.loads(head_path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(head, dict) or head.get("version") != HEAD_VERSION:
        return None
    if head.get("main") != file_identity(path):
        return None
    tables, counts = head.get("tables"), head.get("counts")
    if not isinstance(tables, dict) or not isinstance(counts, dict):
        return None
    if not all(isinstance(t, dict) for t in tables.values()):
        return None
    if not isinstance(head.get("total"), int):
        return None
    return head


def head_store(path: Path, head: dict[str, Any]) -> Any:
    """A read-only store over the head's records (the feeds, settings and newest articles):
    enough for the first frame, never written."""
    from newsdesk.store.engine import DeskEngine
    from newsdesk.store.tinydb_store import TinyDBStore

    return TinyDBStore(DeskEngine(path, head["tables"], True, None))


def open_locked(path: Path, lock: DeskLock) -> Any:
    """Open the whole desk for writing with a lock this process already holds (taken before
    the head was read, so no other writer came in between)."""
    import gc

    from newsdesk.store.engine import DeskEngine
    from newsdesk.store.tinydb_store import TinyDBStore

    collecting = gc.isenabled()
    gc.disable()  # as TinyDBStore.open: nothing loaded forms a cycle
    try:
        engine = DeskEngine.open(path, lock=lock)
        store = TinyDBStore(engine)
        engine.remove_leftover_shard_temps()
        engine.sweep_shards(store._articles.used_feeds())
        return store
    finally:
        if collecting:
            gc.enable()
