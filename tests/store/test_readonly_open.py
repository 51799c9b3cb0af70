"""A read-only open (`stats`, `feeds`, `notes export`) never changes the desk folder: not a
corrupt shard (it is not renamed aside), not a temp file (it may be a running writer's),
not even while another newsdesk holds the lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from storehelp import make_items

from newsdesk.core.models import Highlight, Note
from newsdesk.store import open_store
from newsdesk.store.lock import DeskLock


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below `directory` (names and bytes), and every folder by name."""
    out: dict[str, bytes] = {}
    for path in sorted(directory.rglob("*")):
        key = str(path.relative_to(directory))
        out[key] = path.read_bytes() if path.is_file() else b"<dir>"
    return out


def _damaged_desk(directory: Path) -> Path:
    """A desk with a backup, one corrupt shard, a leftover temp file beside a shard and
    annotations on an article whose body is in the corrupt shard."""
    path = directory / "desk.json"
    store = open_store(path)
    good = store.add_feed("https://good.example/feed", "Good")
    bad = store.add_feed("https://bad.example/feed", "Bad")
    store.upsert_articles(good.id, make_items(3, prefix="ok"))
    (target, *_) = store.upsert_articles(bad.id, make_items(3, prefix="bad")).new_ids
    store.flush()
    highlight = store.add_highlight(
        Highlight(id="", article_id=target, quote="bad0", prefix="<p>", suffix=" x")
    )
    store.add_note(Note(id="", article_id=target, text="a note", highlight_id=highlight.id))
    store.close()  # the second save leaves desk.json.bak beside it
    bodies = store.bodies_dir
    (bodies / f"{bad.id}.json").write_bytes(b'{"bodies": {"1": {"id"')
    (bodies / f".{good.id}.json.4242.0badc0de.tmp").write_bytes(b"a writer's half file")
    return path


@pytest.fixture
def locked_damaged_desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = _damaged_desk(tmp_path)
    lock = DeskLock(path)
    lock.acquire()  # another newsdesk has it open
    try:
        yield path
    finally:
        lock.release()


READ_ONLY_COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["feeds"],
    ["feeds", "--json"],
    ["notes", "export"],
    ["notes", "export", "--format", "json"],
]


def test_read_only_commands_leave_the_desk_folder_as_it_was(locked_damaged_desk: Path) -> None:
    folder = locked_damaged_desk.parent
    before = _snapshot(folder)
    assert any(name.endswith(".tmp") for name in before)
    for command in READ_ONLY_COMMANDS:
        result = subprocess.run(
            [sys.executable, "-m", "newsdesk", "--db", str(locked_damaged_desk), *command],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert _snapshot(folder) == before, f"`newsdesk {' '.join(command)}` changed the folder"


def test_read_only_store_reads_a_corrupt_shard_without_touching_it(tmp_path: Path) -> None:
    path = _damaged_desk(tmp_path)
    before = _snapshot(tmp_path)
    store = open_store(path, readonly=True)
    for article in store.articles():  # loads every shard, the corrupt one included
        store.body(article.id)
        store.summary(article.id)
    assert any(store.bodies_missing(f.id) for f in store.feeds())
    store.search_bodies("bad")
    store.flush()
    store.close()
    assert _snapshot(tmp_path) == before


def test_writable_open_keeps_a_corrupt_shard_aside(tmp_path: Path) -> None:
    """The writer, unlike a reader, moves the bad file aside before it writes a new one."""
    path = _damaged_desk(tmp_path)
    store = open_store(path)
    for article in store.articles():
        store.body(article.id)
    store.close()
    assert len(list(store.bodies_dir.glob("*.json.corrupt"))) == 1
    assert not list(store.bodies_dir.glob(".*.tmp"))
