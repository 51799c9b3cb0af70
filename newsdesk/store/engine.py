"""Provides DeskEngine: the desk file and its body shards as in-memory TinyDB, flushed atomically.

The main file holds what the user owns and what lists need; bodies live in one shard per feed
under `<name>.bodies/`, loaded on first use. TinyDB writes only mark the data dirty; `flush`
(or the background writer) persists it, so a keypress never waits on a rewrite. The article
index is the store's (`take_index`): the engine writes it as the main file's last table.
This module and newsdesk.store.shards know files, locks and shards, never what a record
means.

Write order keeps every article of the main file (the index) with its body on disk at every
instant: shards are written before the main file, and bodies of removed articles (or a removed
feed's shard) leave the disk only after a main file without them is on disk (`flush`). A shard
handed to the writer early (`write_shard_soon`, during a refresh) obeys the same rule: the main
file goes through the same writer after it, or is written by `flush` once the writer is done.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Table

from newsdesk.core.errors import DeskError, DeskWriteError
from newsdesk.store.article_index import BIG as BIG_INDEX
from newsdesk.store.article_index import ArticleIndex
from newsdesk.store.atomic import (
    BackgroundWriter,
    HeldBack,
    Pieces,
    Stream,
    atomic_write,
    remove_stale_temps,
)
from newsdesk.store.desk_file import (
    APP_TAG,
    SCHEMA_VERSION,
    backup_path,
    meta_record,
    write_message,
)
from newsdesk.store.head import (
    HEAD_TABLES,
    head_due,
    head_path,
    head_stream,
    write_head,
)
from newsdesk.store.index_stream import INDEX, LAYOUT, Slices, layout_of, read_desk, whole
from newsdesk.store.lock import DeskLock
from newsdesk.store.memory import MemoryStorage, open_db
from newsdesk.store.serial import SerialCache, has_large_tables
from newsdesk.store.shards import Shard, ShardSet

HEAD_QUIET = 2.0  # seconds without a write before an open desk makes its head


def old_layout_path(path: Path) -> Path:
    return path.with_name(path.name + ".old-layout")


def _keep_old_layout(path: Path) -> None:
    """A desk written before the index came last keeps that file beside it (a hard link:
    the next write replaces the name, not the file), unless one was kept already. Older
    releases read the new file too; this is the file exactly as they left it."""
    with contextlib.suppress(OSError):
        if not old_layout_path(path).exists():
            os.link(path, old_layout_path(path))


class DeskEngine(ShardSet):
    """The open desk file (locked unless read-only), its shards and its writer."""

    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        readonly: bool,
        lock: DeskLock | None,
        index: Slices | None = None,
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.bodies_dir = path.with_suffix(".bodies")
        self._lock = lock
        self._serial = SerialCache()
        self._warmed = False  # the serial cache is built: flushes may use it
        self._warming: threading.Thread | None = None
        self._db, self.storage = open_db(data, self._serial)
        self._shards: dict[str, Shard] = {}
        # the bytes of each shard handed to the writer, until they are on disk
        self._writing: dict[str, Pieces] = {}
        # bodies (by feed) and whole shards to remove once the main file no longer lists them
        self._orphans: dict[str, set[int]] = {}
        self._doomed: set[str] = set()
        self._failed: set[Path] = set()
        self._on_write_error: Callable[[Exception], None] | None = None
        self.writer: BackgroundWriter | None = None
        self._head_of: list[int] | None = None  # the main file the head on disk was made from
        # the article index is not a TinyDB table here: its documents arrive as slices for
        # the store to take (`take_index`), and are made again from its snapshot when the
        # main file is written, as its last table (see newsdesk.store.index_stream)
        self._index_slices = index if index is not None else whole(data.pop(INDEX, {}))
        self._index = ArticleIndex()
        self._last_submit = 0.0  # when the writer was last given something (monotonic)

    @classmethod
    def open(
        cls, path: Path | str, *, readonly: bool = False, lock: DeskLock | None = None
    ) -> DeskEngine:
        """Load (or create) the desk; a writable one is locked until `close` or `release`
        (with `lock` when the caller already holds it, see newsdesk.store.head)."""
        path = Path(path).expanduser().absolute()
        if readonly:
            if not path.exists():
                raise DeskError(f"No desk at {path}.")
            tables, slices = read_desk(path)
            return cls(path, tables, True, None, slices)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file where a folder goes
            raise DeskError(
                f"Cannot make a desk at {path}: a part of its folder is a file, not a folder."
            ) from None
        except OSError as error:
            raise DeskError(f"Cannot make the folder for {path}: {error.strerror}.") from None
        if lock is None:
            lock = DeskLock(path)
            lock.acquire()
        try:
            remove_stale_temps(path)
            remove_stale_temps(backup_path(path))
            index: Slices | None = None
            if path.exists():
                data, index = read_desk(path)
            else:
                data = {
                    "meta": {
                        "1": {
                            "app": APP_TAG,
                            "schema": SCHEMA_VERSION,
                            "created": datetime.now(UTC).isoformat(),
                            "layout": LAYOUT,
                        }
                    }
                }
                atomic_write(path, orjson.dumps(data))
        except BaseException:
            lock.release()
            raise
        engine = cls(path, data, False, lock, index)
        if layout_of(data) != LAYOUT:
            engine.index_changed()  # written in the new order at the first flush
        return engine

    def table(self, name: str) -> Table:
        if name == INDEX:
            raise ValueError("the article index is the store's (see take_index)")
        return self._db.table(name)

    # -- the article index -----------------------------------------------------------------

    def take_index(self, index: ArticleIndex) -> tuple[Slices, int]:
        """The stored index documents, in slices, and the number of buckets the file orders
        them by (0: none), for the store to load into `index` (take them all before reading
        the tables); from then on `index` is what gets written."""
        self._index = index
        index.on_change = self.index_changed
        slices, self._index_slices = self._index_slices, whole({})
        record = meta_record(self.storage.data)
        buckets = record.get("index_buckets") if record is not None else None
        if self.readonly or type(buckets) is not int:
            return slices, 0  # a read-only desk never writes: no buckets to build
        return slices, buckets

    def index_changed(self) -> None:
        """The store changed its article index: the main file is to be written."""
        self.storage.dirty = True

    # -- persistence -----------------------------------------------------------------------

    def set_write_error_handler(self, handler: Callable[[Exception], None]) -> None:
        self._on_write_error = handler

    def _targets(self) -> list[tuple[Path, MemoryStorage, Path | None]]:
        """What to write, in order: the shards first, the main file last, so the main file
        never lists an article whose body is not on disk yet."""
        out: list[tuple[Path, MemoryStorage, Path | None]] = []
        for shard in self._shards.values():
            if shard.storage.dirty or shard.path in self._failed:
                out.append((shard.path, shard.storage, None))
        if self.storage.dirty or self.path in self._failed:
            out.append((self.path, self.storage, backup_path(self.path)))
        return out

    @property
    def dirty(self) -> bool:
        return bool(self._targets() or self._writing or self._orphans or self._doomed)

    def flush(self) -> None:
        """Persist every change now; raises DeskWriteError and keeps the changes on failure."""
        if self.readonly:
            return
        if self.writer is not None:
            self.writer.drain()
        self._reap()
        self._write(self._targets())  # a failed shard stops the main file from being written
        self._head_of = write_head(
            self.path, self.storage.data, self._index.snapshot, self._head_of
        )
        # the main file on disk now lists no removed article: their bodies may go
        self._prune()
        self._evict_shards()

    def _write(self, targets: list[tuple[Path, MemoryStorage, Path | None]]) -> None:
        for target, storage, backup in targets:
            storage.dirty = False  # before serialising: a write meanwhile makes it dirty again
            data = self._pieces_for(storage)
            if target != self.path:
                target.parent.mkdir(parents=True, exist_ok=True)
            try:
                atomic_write(target, data, backup)
            except OSError as error:
                self._failed.add(target)
                storage.dirty = True
                raise DeskWriteError(write_message(target, error)) from error
            self._failed.discard(target)

    def _prune(self) -> None:
        """Remove the bodies and shards the main file on disk no longer refers to."""
        for feed_id in list(self._doomed):
            with contextlib.suppress(OSError):
                self.shard_path(feed_id).unlink()
            self._doomed.discard(feed_id)
        for feed_id, ids in list(self._orphans.items()):
            bodies = self.shard(feed_id)
            gone = [i for i in ids if bodies.contains(doc_id=i)]
            if gone:
                bodies.remove(doc_ids=gone)
            del self._orphans[feed_id]
        self._write(self._targets())  # only shards can be dirty here

    def _serialise(self, storage: MemoryStorage) -> Pieces:
        if storage.serial is not None and self._warmed:
            return storage.serial.dumps(storage.data)
        return [orjson.dumps(storage.data)]

    def _pieces_for(self, storage: MemoryStorage) -> Stream:
        return self._main_file() if storage is self.storage else self._serialise(storage)

    def _main_file(self) -> Stream:
        """The main file's JSON: its tables, then the article index as the last one, made
        from a snapshot taken now, while the writer takes the pieces (a layout the meta
        record names, so the next launch can read the index a slice at a time)."""
        index = self._index.pieces()  # first: it decides the bucket order it is written in
        if layout_of(self.storage.data) != LAYOUT:
            _keep_old_layout(self.path)  # the first write of an older desk: before it goes
        self._stamp_meta(layout=LAYOUT, index_buckets=self._index.write_buckets())
        tables = list(self._serialise(self.storage))
        tables[-1] = bytes(tables[-1])[:-1]  # the closing brace comes after the index
        opening = b'"' + INDEX.encode() + b'":'
        if tables != [b"{"]:
            opening = b"," + opening
        return chain(tables, [opening], index, [b"}"])

    def _stamp_meta(self, **fields: object) -> None:
        """Set fields of the meta record that only describe the file (never through a
        TinyDB write: the record is the file's, not the user's)."""
        record = meta_record(self.storage.data)
        if record is not None and any(record.get(k) != v for k, v in fields.items()):
            record.update(fields)
            self._serial.mark("meta", next(iter(self.storage.data["meta"])))  # dump is stale

    def warm(self) -> None:
        """Build the serial cache of the main file's large tables, so flushes from now on
        re-serialise only what changed (the open desk calls this in a thread after loading;
        a command that flushes once has no use for it)."""
        if not self.readonly and not self._warmed:
            self._serial.warm(self.storage.data)
            self._index.warm()
            self._warmed = True

    def _warm_quietly(self) -> None:
        with contextlib.suppress(Exception):  # whole dumps still work; never a traceback
            self.warm()

    def prepare_background_flushes(self) -> None:
        if not self.readonly:
            self._warm_first()

    def _warm_first(self) -> bool:
        """True while the cache is being built in a thread (a flush now would serialise the
        large tables whole on the event loop); starts that thread on a large desk."""
        if self._warmed:
            return False
        if self._warming is None:
            if not has_large_tables(self.storage.data) and len(self._index.by_id) < BIG_INDEX:
                self._warmed = True  # a small desk: whole dumps are cheap, and the cache too
                return False
            self._warming = threading.Thread(
                target=self._warm_quietly, name="newsdesk-warm", daemon=True
            )
            self._warming.start()
        if self._warming.is_alive():
            return True
        self._warmed = True  # a warm-up that raised leaves whole dumps to do the work
        return False

    def flush_in_background(self) -> None:
        """Serialise what changed now and leave the disk work to the writer thread."""
        if self.readonly or self._warm_first():
            return
        self._reap()
        self._evict_shards()  # before submitting: only shards already written can go
        targets = self._targets()
        if not targets:
            self._head_when_idle()
            return
        writer = self._started_writer()
        self._last_submit = time.monotonic()
        for target, storage, backup in targets:
            if target != self.path:
                target.parent.mkdir(parents=True, exist_ok=True)
            self._failed.discard(target)
            storage.dirty = False  # before serialising: a write meanwhile makes it dirty again
            writer.submit(target, self._pieces_for(storage), backup, last=target == self.path)

    def _head_when_idle(self) -> None:
        """With nothing to write and the writer idle, the file on disk is the desk in memory:
        its head is made from it in the writer thread, so a launch after a killed terminal or
        a crash paints from the head too (a synchronous flush writes one as well). Only once
        the desk has been quiet for `HEAD_QUIET` seconds: at 250,000 articles a head is a
        tenth of a second of CPU, not to be spent after every key while someone types on."""
        if time.monotonic() - self._last_submit < HEAD_QUIET:
            return
        if self.writer is not None and not self.writer.drain(timeout=0):
            return
        identity, due = head_due(self.path, self._head_of)
        self._head_of = identity
        if not due or identity is None:
            return
        data = self.storage.data
        tables = {name: orjson.Fragment(orjson.dumps(data.get(name, {}))) for name in HEAD_TABLES}
        head = head_stream(tables, identity, self._index.snapshot())
        self._started_writer().submit(head_path(self.path), head)

    def _started_writer(self) -> BackgroundWriter:
        if self.writer is None:
            self.writer = BackgroundWriter(self._background_failed)
        return self.writer

    def _background_failed(self, target: Path, error: Exception) -> None:
        if target == head_path(self.path):
            return  # a cache, as in write_head: not there, ignored at launch, nothing lost
        self._failed.add(target)
        if self._on_write_error is not None and not isinstance(error, HeldBack):
            self._on_write_error(DeskWriteError(write_message(target, error)))

    def release(self) -> None:
        """Let another newsdesk open the desk; idempotent."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        try:
            if self.writer is not None:
                self.writer.close()
            self._index.last_write = True
            self.flush()
        finally:
            self.release()
