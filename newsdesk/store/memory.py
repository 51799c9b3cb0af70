"""Provides the in-memory TinyDB the desk engine works on: writes only mark it dirty (the
engine persists it), and updates touch only the changed documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from newsdesk.store.serial import SerialCache


class _IntKeys(MutableMapping[int, Any]):
    """TinyDB's updaters want int ids; this views the stored str-keyed table without copying
    it, and notes the keys an updater reads (to change them in place), sets or deletes."""

    def __init__(self, raw: dict[str, Any], touched: list[str] | None) -> None:
        self.raw = raw
        self.touched = touched

    def __getitem__(self, key: int) -> Any:
        if self.touched is not None:
            self.touched.append(str(key))
        return self.raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        if self.touched is not None:
            self.touched.append(str(key))
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        if self.touched is not None:
            self.touched.append(str(key))
        del self.raw[str(key)]

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self.raw))

    def __len__(self) -> int:
        return len(self.raw)

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw


class _FastTable(Table):
    """Table whose updates touch only the changed documents (stock TinyDB copies the table)."""

    def _update_table(self, updater: Callable[[Any], None]) -> None:
        tables = self._storage.read()
        if tables is None:  # our storage always holds a dict; this satisfies TinyDB's types
            tables = {}
        raw = tables.setdefault(self.name, {})
        serial: SerialCache | None = getattr(self._storage, "serial", None)
        view = _IntKeys(raw, [] if serial is not None else None)
        try:
            updater(view)
        finally:
            self._storage.write(tables)
            if serial is not None and view.touched:
                for key in view.touched:  # after the change: see newsdesk.store.serial
                    serial.mark(self.name, key)
        self.clear_cache()


class _DeskDB(TinyDB):
    table_class = _FastTable


class MemoryStorage(Storage):
    """TinyDB storage that keeps the data in memory and only notes that it changed."""

    def __init__(self, data: dict[str, Any], serial: SerialCache | None = None) -> None:
        self.data = data
        self.dirty = False
        self.serial = serial  # the main file's: its flushes re-serialise only what changed

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


def open_db(
    data: dict[str, Any], serial: SerialCache | None = None
) -> tuple[TinyDB, MemoryStorage]:
    storage = MemoryStorage(data, serial)
    return _DeskDB(storage=lambda: storage), storage
