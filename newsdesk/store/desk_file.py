"""Provides the desk file format: validation on load, the backup beside it, body search.

Plain JSON and file handling, no tinydb: what a desk file must contain to be opened, and
the messages a person gets when it does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from newsdesk.core.errors import DeskCorruptError, DeskError

SCHEMA_VERSION = 1
APP_TAG = "newsdesk"
_TAGS = re.compile(r"<[^>]*>")  # search only needs the words, not a faithful rendering


def load_desk(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise unreadable(path, error) from error
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise DeskCorruptError(
            f"{path} is not valid JSON ({error}). It was left untouched." + backup_hint(path)
        ) from None
    check_desk(data, path)
    return data


def unreadable(path: Path, error: OSError) -> DeskError:
    return DeskError(f"Cannot read the desk {path}: {error.strerror or error}.")


def meta_record(data: object) -> dict[str, Any] | None:
    """The record of a parsed desk's meta table (its first), if it has one."""
    meta = data.get("meta") if isinstance(data, dict) else None
    record = next(iter(meta.values()), None) if isinstance(meta, dict) and meta else None
    return record if isinstance(record, dict) else None


def check_desk(data: object, path: Path) -> None:
    """Raise the message a person gets when `data` (a parsed desk file) is not one this
    newsdesk can open."""
    record = meta_record(data)
    if record is None or record.get("app") != APP_TAG:
        raise DeskCorruptError(
            f"{path} is JSON but not a newsdesk desk (no newsdesk meta record). "
            "It was left untouched; point --db at a desk file or a new path." + backup_hint(path)
        )
    schema = record.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise DeskError(
            f"{path} was written by a newer newsdesk (schema {schema}); this one reads "
            f"schema {SCHEMA_VERSION}. It was left untouched."
        )


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def backup_hint(path: Path) -> str:
    bak = backup_path(path)
    if not bak.exists():
        return ""
    when = datetime.fromtimestamp(bak.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"\nThe last good copy is {bak} (saved {when}). "
        f"Restore it with: newsdesk --db {path} restore-backup"
    )


def write_message(target: Path, error: OSError | Exception) -> str:
    reason = getattr(error, "strerror", None) or str(error)
    return f"Could not save {target}: {reason}. Your changes are kept in memory and retried."


def search_shards(bodies_dir: Path, query: str, stop: Callable[[], bool] | None = None) -> set[str]:
    """Ids of articles whose body or summary contains `query` (case-insensitive), read
    straight from the shard files: safe in a worker thread, and nothing is kept. `stop` is
    asked between shards; once it says so, the search ends with what it found (at 250,000
    articles a whole scan takes seconds of CPU; a stale one must not hold up the keys)."""
    needle = query.casefold()
    found: set[str] = set()
    if not needle or not bodies_dir.exists():
        return found
    for shard in bodies_dir.glob("*.json"):
        if stop is not None and stop():
            break
        try:
            data = orjson.loads(shard.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        for doc in data.get("bodies", {}).values() if isinstance(data, dict) else ():
            if not isinstance(doc, dict):
                continue
            text = f"{doc.get('html', '')} {doc.get('summary', '')}"
            if needle in _TAGS.sub(" ", text).casefold():
                found.add(doc.get("id", ""))
    found.discard("")
    return found


def shard_bodies(shard: Path) -> dict[str, Any]:
    """A shard file's body documents by their str doc id; empty if missing or unreadable."""
    try:
        data = orjson.loads(shard.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    bodies = data.get("bodies") if isinstance(data, dict) else None
    return bodies if isinstance(bodies, dict) else {}


def shard_ids(shard: Path) -> set[int]:
    """The ids of the bodies a shard file holds; empty if it is missing or unreadable."""
    try:
        data = orjson.loads(shard.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return set()
    bodies = data.get("bodies") if isinstance(data, dict) else None
    if not isinstance(bodies, dict):
        return set()
    return {int(k) for k in bodies if k.isdigit()}
