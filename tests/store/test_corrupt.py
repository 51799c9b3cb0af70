"""A desk file newsdesk cannot read is refused with a message naming it, and left untouched;
the CLI reports it and `newsdesk restore-backup` puts the last good copy back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from storehelp import make_items

from newsdesk.core.errors import DeskCorruptError, DeskError
from newsdesk.store import open_store

BAD_FILES = {
    "not-json": b"this is not json {",
    "empty": b"",
    "truncated": b'{"meta": {"1": {"app": "newsdesk", "schema": 1}}, "feeds": {"1": {"id"',
    "binary": bytes(range(256)),
    "other-tinydb-app": b'{"_default": {"1": {"a": 1}}}',
    "json-list": b"[1, 2, 3]",
    "json-string": b'"desk"',
    "json-null": b"null",
    "meta-not-ours": b'{"meta": {"1": {"app": "other", "schema": 1}}}',
    "meta-empty": b'{"meta": {}}',
    "meta-list": b'{"meta": [{"app": "newsdesk", "schema": 1}]}',
}


def _cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _listing(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


@pytest.mark.parametrize("readonly", [False, True], ids=["locked", "readonly"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_desk_is_refused_and_untouched(
    desk_path: Path, name: str, readonly: bool
) -> None:
    desk_path.write_bytes(BAD_FILES[name])
    with pytest.raises(DeskCorruptError) as caught:
        open_store(desk_path, readonly=readonly)
    message = str(caught.value)
    assert str(desk_path) in message
    assert "restore-backup" not in message  # there is no backup to offer
    assert desk_path.read_bytes() == BAD_FILES[name]
    assert _listing(desk_path.parent) <= {"desk.json", "desk.json.lock"}
    if not readonly:
        # the refusal released the lock
        desk_path.write_bytes(b'{"meta": {"1": {"app": "newsdesk", "schema": 1}}}')
        open_store(desk_path).close()


META = {"1": {"app": "newsdesk", "schema": 1}}
DAMAGED: dict[str, dict[str, object]] = {
    "table-is-list": {"feeds": []},
    "record-without-id": {"feeds": {"1": {"url": "x", "title": "t"}}},
    "record-missing-field": {"notes": {"1": {"id": "1"}}},
    "bad-date": {
        "articles": {
            "1": {"id": "1", "feed_id": "f", "guid": "g", "title": "t", "published": "yesterday"}
        }
    },
    "record-not-object": {"highlights": {"1": 7}},
}


def _damaged(name: str) -> bytes:
    return json.dumps({"meta": META, **DAMAGED[name]}).encode()


@pytest.mark.parametrize("readonly", [False, True], ids=["locked", "readonly"])
@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_records_are_refused_cleanly(desk_path: Path, name: str, readonly: bool) -> None:
    """Valid JSON with our meta but a broken record: DeskCorruptError, not a traceback."""
    raw = _damaged(name)
    desk_path.write_bytes(raw)
    with pytest.raises(DeskCorruptError) as caught:
        open_store(desk_path, readonly=readonly)
    assert str(desk_path) in str(caught.value)
    assert desk_path.read_bytes() == raw
    assert _listing(desk_path.parent) <= {"desk.json", "desk.json.lock"}
    if not readonly:
        desk_path.write_bytes(b'{"meta": {"1": {"app": "newsdesk", "schema": 1}}}')
        open_store(desk_path).close()  # the refusal released the lock


def test_cli_stats_on_damaged_record_has_no_traceback(desk_path: Path) -> None:
    desk_path.write_bytes(_damaged("record-without-id"))
    result = _cli("--db", str(desk_path), "stats", "--json")
    assert result.returncode != 0
    assert str(desk_path) in result.stderr
    assert "Traceback" not in result.stderr


def test_newer_schema_is_refused_untouched(desk_path: Path) -> None:
    raw = b'{"meta": {"1": {"app": "newsdesk", "schema": 99}}, "feeds": {}, "future": {}}'
    desk_path.write_bytes(raw)
    with pytest.raises(DeskError) as caught:
        open_store(desk_path)
    assert "newer" in str(caught.value)
    assert str(desk_path) in str(caught.value)
    assert "99" in str(caught.value)
    assert desk_path.read_bytes() == raw
    assert _listing(desk_path.parent) <= {"desk.json", "desk.json.lock"}


def test_unknown_fields_from_a_newer_minor_version_are_ignored(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed", "Ex")
    store.close()
    data = json.loads(desk_path.read_bytes())
    next(iter(data["feeds"].values()))["colour"] = "teal"
    desk_path.write_text(json.dumps(data))
    store = open_store(desk_path)
    assert store.feed(feed.id) is not None
    store.close()


def _desk_with_backup(desk_path: Path) -> bytes:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed", "Example")
    store.upsert_articles(feed.id, make_items(3))
    store.flush()
    store.set_setting("version", "good")
    store.flush()
    store.set_setting("version", "newest")
    store.close()
    return desk_path.with_name("desk.json.bak").read_bytes()


def test_message_offers_the_backup(desk_path: Path) -> None:
    good = _desk_with_backup(desk_path)
    desk_path.write_bytes(b"\x00\x00garbage")
    with pytest.raises(DeskCorruptError) as caught:
        open_store(desk_path)
    message = str(caught.value)
    assert str(desk_path) in message
    assert str(desk_path.with_name("desk.json.bak")) in message
    assert f"newsdesk --db {desk_path} restore-backup" in message
    assert desk_path.read_bytes() == b"\x00\x00garbage"
    assert desk_path.with_name("desk.json.bak").read_bytes() == good
    assert not [p for p in desk_path.parent.iterdir() if p.name.endswith(".tmp")]
    # the command it gives, as given, restores the desk (it once put --db after the command)
    from newsdesk.cli import main

    command = message.split("Restore it with: newsdesk ", 1)[1].split()
    assert main(command) == 0
    assert desk_path.read_bytes() == good


def test_cli_stats_on_corrupt_desk_fails_with_path(desk_path: Path) -> None:
    desk_path.write_bytes(b"{not json")
    result = _cli("--db", str(desk_path), "stats", "--json")
    assert result.returncode != 0
    assert str(desk_path) in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert desk_path.read_bytes() == b"{not json"


def test_cli_stats_on_foreign_json_and_missing_desk(tmp_path: Path) -> None:
    foreign = tmp_path / "other.json"
    foreign.write_bytes(BAD_FILES["other-tinydb-app"])
    result = _cli("--db", str(foreign), "stats", "--json")
    assert result.returncode != 0 and str(foreign) in result.stderr
    missing = tmp_path / "nope" / "desk.json"
    result = _cli("--db", str(missing), "stats", "--json")
    assert result.returncode != 0 and str(missing) in result.stderr
    assert not missing.parent.exists()  # stats never creates a desk


def test_restore_backup_restores_and_moves_broken_aside(desk_path: Path) -> None:
    good = _desk_with_backup(desk_path)
    desk_path.write_bytes(b"broken!")
    result = _cli("--db", str(desk_path), "restore-backup")
    assert result.returncode == 0, result.stderr
    assert desk_path.read_bytes() == good
    aside = desk_path.with_name("desk.json.broken-1")
    assert aside.read_bytes() == b"broken!"
    assert str(aside) in result.stdout
    store = open_store(desk_path)
    assert store.setting("version") == "good"
    assert len(store.articles()) == 3
    store.close()

    # a second breakage goes to the next free name, the first is kept
    desk_path.write_bytes(b"broken again")
    assert _cli("--db", str(desk_path), "restore-backup").returncode == 0
    assert desk_path.with_name("desk.json.broken-2").read_bytes() == b"broken again"
    assert aside.read_bytes() == b"broken!"
    open_store(desk_path, readonly=True)


def test_restore_backup_without_backup_changes_nothing(desk_path: Path) -> None:
    desk_path.write_bytes(b"broken!")
    result = _cli("--db", str(desk_path), "restore-backup")
    assert result.returncode != 0
    assert "desk.json.bak" in result.stderr
    assert desk_path.read_bytes() == b"broken!"
    assert _listing(desk_path.parent) == {"desk.json"}


def test_restore_backup_refuses_a_broken_backup(desk_path: Path) -> None:
    desk_path.write_bytes(b"broken!")
    desk_path.with_name("desk.json.bak").write_bytes(b"also broken")
    result = _cli("--db", str(desk_path), "restore-backup")
    assert result.returncode != 0
    assert "desk.json.bak" in result.stderr
    assert desk_path.read_bytes() == b"broken!"
    assert _listing(desk_path.parent) == {"desk.json", "desk.json.bak"}


def test_corrupt_body_shard_is_set_aside_not_fatal(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed("https://example.org/feed")
    (key,) = store.upsert_articles(feed.id, make_items(1)).new_ids
    store.close()
    shard = desk_path.with_suffix(".bodies") / f"{feed.id}.json"
    shard.write_bytes(b"{broken")
    store = open_store(desk_path)
    assert store.body(key) == ""
    assert store.article(key) is not None
    assert shard.with_name(shard.name + ".corrupt").read_bytes() == b"{broken"
    store.close()


def test_a_desk_path_under_a_regular_file_is_refused_in_one_line(tmp_path: Path) -> None:
    """`--db afile/desk.json` (the folder a file) gave a FileExistsError traceback."""
    (tmp_path / "afile").write_text("not a folder")
    with pytest.raises(DeskError, match="a part of its folder is a file"):
        open_store(tmp_path / "afile" / "desk.json")
    assert (tmp_path / "afile").read_text() == "not a folder"


def test_a_command_on_a_desk_path_under_a_regular_file_names_the_file(tmp_path: Path) -> None:
    """`refresh` there said "run newsdesk to create one", which cannot be done there."""
    (tmp_path / "afile").write_text("not a folder")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "--db",
            str(tmp_path / "afile" / "desk.json"),
            "refresh",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "a part of its folder is a file" in done.stderr and "create one" not in done.stderr
