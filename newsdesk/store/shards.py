"""Provides ShardSet: the desk engine's body shards, one small TinyDB file per feed.

Bodies live in `<name>.bodies/<feed id>.json`, loaded on first use and kept for a few feeds.
The rules that keep every indexed article with its body on disk (shards go to disk before
the main file; bodies of removed articles leave only after a main file without them is on
disk) are the engine's (newsdesk.store.engine); this part knows how a shard is loaded, handed
to the writer early, marked for pruning and evicted.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson
from tinydb.table import Table

from newsdesk.store.atomic import BackgroundWriter, Pieces
from newsdesk.store.memory import MemoryStorage, open_db

SHARDS_KEPT = 4  # body shards kept in memory after a flush


class Shard:
    """One feed's bodies; a small TinyDB of its own, loaded on first use."""

    def __init__(
        self, path: Path, readonly: bool, fresh: bool = False, saved: Pieces | None = None
    ) -> None:
        self.path = path
        data: Any = {}
        if saved is not None:  # the bytes last handed to the writer: its newest state
            data = orjson.loads(b"".join(saved))
        elif path.exists() and not fresh:
            try:
                data = orjson.loads(path.read_bytes())
            except (OSError, orjson.JSONDecodeError):
                data = {}
                if not readonly:
                    # bodies can be fetched again; keep the bad file aside, never overwrite it
                    with contextlib.suppress(OSError):
                        path.rename(path.with_name(path.name + ".corrupt"))
        self.db, self.storage = open_db(data if isinstance(data, dict) else {})
        self.storage.dirty = fresh  # a fresh shard replaces the file of a removed feed
        self.table = self.db.table("bodies")


class ShardSet:
    """The shard half of DeskEngine (a mixin over the engine's state)."""

    readonly: bool
    bodies_dir: Path
    writer: BackgroundWriter | None
    _shards: dict[str, Shard]
    _writing: dict[str, Pieces]
    _orphans: dict[str, set[int]]
    _doomed: set[str]
    _failed: set[Path]

    def _started_writer(self) -> BackgroundWriter:
        raise NotImplementedError

    def _serialise(self, storage: MemoryStorage) -> Pieces:
        raise NotImplementedError

    def remove_leftover_shard_temps(self) -> None:
        """Temp files of shard writes killed midway; by temp name, not per shard, because a
        shard whose first write was killed has no file of its own. Never when read-only: the
        temp file may be a running writer's."""
        if not self.readonly and self.bodies_dir.exists():
            for leftover in self.bodies_dir.glob(".*.json.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def sweep_shards(self, listed_feeds: set[str]) -> None:
        """Shard files of feeds no indexed article belongs to (left by a crash between a
        feed's removal and the removal of its shard) go with the next flush."""
        if self.readonly or not self.bodies_dir.exists():
            return
        for shard in self.bodies_dir.glob("*.json"):
            stem = shard.stem
            if stem not in listed_feeds and stem not in self._shards and stem not in self._writing:
                self._doomed.add(shard.stem)

    def shard_path(self, feed_id: str) -> Path:
        return self.bodies_dir / f"{feed_id}.json"

    def shard(self, feed_id: str) -> Table:
        """The bodies table of one feed, loaded if needed and marked most recently used."""
        shard = self._shards.pop(feed_id, None)
        if shard is None:
            fresh = feed_id in self._doomed  # re-added before its old file went
            self._doomed.discard(feed_id)
            # one still on its way to disk is read from what was handed over, not the file
            saved = self._writing.get(feed_id)
            shard = Shard(self.shard_path(feed_id), self.readonly, fresh, saved)
        self._shards[feed_id] = shard  # most recently used last
        return shard.table

    def loaded_shard(self, feed_id: str) -> Table | None:
        """The bodies table of one feed if it is in memory (then it is what gets written)."""
        if feed_id in self._writing:
            return self.shard(feed_id)  # the file may not hold it yet
        shard = self._shards.get(feed_id)
        return shard.table if shard is not None else None

    def write_shard_soon(self, feed_id: str) -> None:
        """Hand one feed's changed shard to the writer thread now and drop it from memory:
        a refresh then holds one feed's bodies at a time, not every feed's until the final
        flush, and the disk works while the network does. Until the write is done, the
        bytes handed over stand in for the shard (the writer holds them anyway)."""
        if self.readonly:
            return
        self._reap()
        shard = self._shards.get(feed_id)
        if shard is None or shard.path in self._failed:
            return  # not loaded, or a failed write that the next flush retries
        if shard.storage.dirty:
            shard.path.parent.mkdir(parents=True, exist_ok=True)
            shard.storage.dirty = False
            data = self._serialise(shard.storage)
            self._started_writer().submit(shard.path, data)
            self._writing[feed_id] = data
        del self._shards[feed_id]

    def _reap(self) -> None:
        """Forget the bytes the writer has put on disk; a shard whose write failed comes
        back among the loaded ones, so the next flush writes it before any main file."""
        for feed_id in list(self._writing):
            path = self.shard_path(feed_id)
            if self.writer is not None and not self.writer.settled(path):
                continue
            if path in self._failed and feed_id not in self._shards:
                self._shards[feed_id] = Shard(path, self.readonly, saved=self._writing[feed_id])
            del self._writing[feed_id]

    def forget_bodies(self, feed_id: str, ids: list[int]) -> None:
        """Bodies of removed articles: they leave the shard once the main file without their
        articles is on disk, so a crash never leaves an indexed article without its body."""
        self._orphans.setdefault(feed_id, set()).update(ids)

    def keep_bodies(self, feed_id: str, ids: list[int]) -> None:
        """Articles back in the index (re-delivered, restored): their bodies stay."""
        orphans = self._orphans.get(feed_id)
        if orphans:
            orphans.difference_update(ids)

    def delete_shard(self, feed_id: str) -> None:
        """Forget a feed's shard; its file goes once the main file without the feed is on disk."""
        self._shards.pop(feed_id, None)
        self._writing.pop(feed_id, None)
        self._orphans.pop(feed_id, None)
        self._doomed.add(feed_id)

    def _evict_shards(self) -> None:
        if self.writer is not None and not self.writer.drain(timeout=0):
            return  # a shard may still be on its way to disk (or about to fail): keep them all
        for feed_id in list(self._shards)[:-SHARDS_KEPT]:
            shard = self._shards[feed_id]
            if not shard.storage.dirty and shard.path not in self._failed:
                del self._shards[feed_id]
