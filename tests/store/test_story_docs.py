"""The story grouping's documents: a head and numbered parts, written a part at a time."""

from __future__ import annotations

from pathlib import Path

import orjson

from newsdesk.store import open_store


def stories_table(desk_path: Path) -> dict[str, dict[str, object]]:
    table: dict[str, dict[str, object]] = orjson.loads(desk_path.read_bytes())["stories"]
    return table


def test_a_desk_never_grouped_has_no_story_state(desk_path: Path) -> None:
    store = open_store(desk_path)
    assert store.story_state() is None
    store.close()


def test_parts_are_written_changed_and_removed_one_at_a_time(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.save_story_state({"version": 2}, {0: "[]", 5: '{"a": 1}', 6: '{"b": 2}'}, replace=True)
    store.save_story_state({"version": 2, "serial": 9}, {5: '{"a": 3}', 6: None})
    store.close()
    assert set(stories_table(desk_path)) == {"1", "2", "7"}  # head, part 0, part 5

    again = open_store(desk_path)
    saved = again.story_state()
    assert saved is not None
    assert saved.head == {"version": 2, "serial": 9}
    assert saved.parts == {0: "[]", 5: '{"a": 3}'}
    again.save_story_state({"version": 2}, {1: "x"}, replace=True)  # a regrouping
    assert again.story_state() == type(saved)({"version": 2}, {1: "x"})
    again.close()


def test_a_head_written_over_the_single_document_loses_its_old_text(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.save_story_state({"json": "{}"}, {}, replace=True)  # the form desks used to save
    store.save_story_state({"version": 2}, {0: "{}"})
    saved = store.story_state()
    assert saved is not None and saved.head == {"version": 2}
    store.close()
