"""`newsdesk restore-backup` puts the last good copy back in place of an unreadable desk, but
on a desk that still opens it refuses (the backup is one save older: restoring it would
silently undo the last change) unless --force is given, and then keeps the replaced file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from storehelp import make_items

from newsdesk.store import open_store


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _desk_with_backup(desk_path: Path) -> bytes:
    """A healthy desk whose last save set "version" to "newest"; the backup says "good"."""
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed", "Example")
    store.upsert_articles(feed.id, make_items(3))
    store.set_setting("version", "good")
    store.flush()
    store.set_setting("version", "newest")
    store.close()
    return desk_path.with_name("desk.json.bak").read_bytes()


def _folder(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


def test_restore_backup_refuses_a_readable_desk_and_names_what_it_would_replace(
    desk_path: Path,
) -> None:
    _desk_with_backup(desk_path)
    before = _folder(desk_path.parent)
    result = _cli("--db", str(desk_path), "restore-backup")
    assert result.returncode == 2, result
    assert str(desk_path) in result.stderr  # what it would replace
    assert str(desk_path.with_name("desk.json.bak")) in result.stderr  # and with what
    assert "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _folder(desk_path.parent) == before  # nothing rolled back, nothing moved
    assert open_store(desk_path, readonly=True).setting("version") == "newest"


def test_restore_backup_with_force_restores_and_keeps_the_replaced_desk(desk_path: Path) -> None:
    good = _desk_with_backup(desk_path)
    newest = desk_path.read_bytes()
    result = _cli("--db", str(desk_path), "restore-backup", "--force")
    assert result.returncode == 0, result.stderr
    assert desk_path.read_bytes() == good
    aside = desk_path.with_name("desk.json.broken-1")
    assert aside.read_bytes() == newest
    assert str(aside) in result.stdout
    assert open_store(desk_path, readonly=True).setting("version") == "good"
    assert open_store(aside, readonly=True).setting("version") == "newest"


UNREADABLE = {
    "not-json": b"{half a desk",
    "damaged-record": json.dumps(
        {"meta": {"1": {"app": "newsdesk", "schema": 1}}, "notes": {"1": {"id": "1"}}}
    ).encode(),
}


@pytest.mark.parametrize("damage", sorted(UNREADABLE))
def test_restore_backup_needs_no_force_on_an_unreadable_desk(desk_path: Path, damage: str) -> None:
    good = _desk_with_backup(desk_path)
    desk_path.write_bytes(UNREADABLE[damage])
    result = _cli("--db", str(desk_path), "restore-backup")
    assert result.returncode == 0, result.stderr
    assert desk_path.read_bytes() == good
    assert desk_path.with_name("desk.json.broken-1").read_bytes() == UNREADABLE[damage]
    store = open_store(desk_path, readonly=True)
    assert store.setting("version") == "good" and len(store.articles()) == 3
