"""The article index read a slice at a time: the same desk as a whole parse, whatever the file."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from storehelp import make_items
from tinydb import TinyDB

from newsdesk.store import index_stream, open_store
from newsdesk.store.desk_file import load_desk
from newsdesk.store.engine import old_layout_path
from newsdesk.store.index_stream import INDEX, LAYOUT, read_desk


def _desk(path: Path, n: int = 300) -> list[tuple[str, bool, bool, tuple[str, ...]]]:
    """A desk with `n` articles, some with user state; returns that state by id."""
    store = open_store(path)
    feed = store.add_feed("https://example.org/feed")
    store.upsert_articles(feed.id, make_items(n))
    ids = sorted(a.id for a in store.articles())
    store.set_read(ids[:40])
    store.set_starred(ids[7], True)
    store.set_tags(ids[9], ["council"])
    store.set_setting("a note", {"a": 1, "articles": {"1": {"id": "not an article"}}})
    state = sorted((a.id, a.read, a.starred, a.tags) for a in store.articles())
    store.close()
    return state


def _state(path: Path) -> list[tuple[str, bool, bool, tuple[str, ...]]]:
    store = open_store(path, readonly=True)
    try:
        return sorted((a.id, a.read, a.starred, a.tags) for a in store.articles())
    finally:
        store.close()


def _slices(path: Path) -> tuple[dict[str, object], list[dict[str, object]]]:
    tables, slices = read_desk(path)
    return tables, list(slices)


def test_the_index_is_written_last_and_read_in_slices(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _desk(desk_path)
    raw = orjson.loads(desk_path.read_bytes())
    assert list(raw)[-1] == INDEX
    assert raw["meta"]["1"]["layout"] == LAYOUT
    monkeypatch.setattr(index_stream, "BLOCK", 4096)  # many slices from a small desk
    tables, slices = _slices(desk_path)
    assert len(slices) > 5
    assert INDEX not in tables
    merged = {k: v for part in slices for k, v in part.items()}
    assert merged == raw[INDEX]
    assert tables == {k: v for k, v in raw.items() if k != INDEX}
    assert tables["settings"]  # the setting holding the index's key as text is not the index
    assert _state(desk_path) == state


def test_a_desk_written_by_the_last_release_is_read_whole_then_migrated(
    desk_path: Path,
) -> None:
    state = _desk(desk_path)
    raw = orjson.loads(desk_path.read_bytes())
    del raw["meta"]["1"]["layout"]
    older = {name: raw[name] for name in ("meta", INDEX, "feeds", "settings")}  # index first
    desk_path.write_bytes(orjson.dumps(older))
    before = desk_path.read_bytes()
    assert _state(desk_path) == state  # read-only: read, never written
    assert desk_path.read_bytes() == before
    assert not old_layout_path(desk_path).exists()
    open_store(desk_path).close()  # opened for writing: migrated with no change made
    assert old_layout_path(desk_path).read_bytes() == before
    rewritten = orjson.loads(desk_path.read_bytes())
    assert list(rewritten)[-1] == INDEX
    assert rewritten["meta"]["1"]["layout"] == LAYOUT
    assert _state(desk_path) == state
    store = open_store(desk_path)
    store.set_read([state[-1][0]])
    store.close()
    assert _state(desk_path)[-1][1] is True
    assert old_layout_path(desk_path).read_bytes() == before  # kept, not replaced


def test_a_file_out_of_the_order_it_claims_is_read_whole_with_every_table(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older newsdesk keeps the meta record but writes the index before other tables."""
    state = _desk(desk_path)
    raw = orjson.loads(desk_path.read_bytes())
    reordered = {"meta": raw["meta"], INDEX: raw[INDEX], "feeds": raw["feeds"]}
    reordered["settings"] = raw["settings"]
    desk_path.write_bytes(orjson.dumps(reordered))
    monkeypatch.setattr(index_stream, "BLOCK", 4096)
    tables, slices = _slices(desk_path)
    assert set(tables) == {"meta", "feeds", "settings"}  # found once the slices were taken
    assert {k: v for part in slices for k, v in part.items()} == raw[INDEX]
    assert _state(desk_path) == state


def test_a_hand_formatted_desk_is_read_whole(desk_path: Path) -> None:
    state = _desk(desk_path)
    desk_path.write_text(json.dumps(json.loads(desk_path.read_text()), indent=2))
    assert _state(desk_path) == state


@pytest.mark.parametrize("cut", [-2, -40, 0.5])
def test_a_truncated_index_is_reported_not_loaded(desk_path: Path, cut: float) -> None:
    _desk(desk_path)
    raw = desk_path.read_bytes()
    desk_path.write_bytes(raw[: int(len(raw) * cut) if isinstance(cut, float) else cut])
    before = desk_path.read_bytes()
    with pytest.raises(Exception, match="not valid JSON"):
        open_store(desk_path)
    assert desk_path.read_bytes() == before


def test_the_file_stays_a_tinydb_database_older_code_reads(desk_path: Path) -> None:
    state = _desk(desk_path)
    whole = load_desk(desk_path)  # the whole-file reader every earlier release used
    assert {doc["id"] for doc in whole[INDEX].values()} == {s[0] for s in state}
    db = TinyDB(desk_path)
    try:
        assert len(db.table(INDEX)) == len(state)
        assert db.table(INDEX).get(doc_id=int(state[0][0], 16))["id"] == state[0][0]
    finally:
        db.close()
