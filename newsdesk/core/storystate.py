"""Provides the saved form of a story index: what a save writes and how a desk reads it back.

Version 2, what a desk stores: a head {"version", "window_hours", "docs", "df" (base64 zlib of
the hashed document frequencies), "max_seen", "serial", "splits": {article_id: story_id},
"merges": [[kept, absorbed], ...]} and numbered parts, each a JSON text:
- 0: the postings {hash: [serial, ...]}, the stories each rare term finds, newest touch last;
- 2s+2: the story with serial s while it is held as an object: {"id", "serial", "articles":
  [[article_id, feed_id, unix_ts], ...], and inside the time horizon "terms", "entities"
  ([[hash, weight], ...]) and "days"};
- 2b+1: frozen block b, a JSON array of such stories (see newsdesk.core.storyblocks).
A save (`changes`) writes the head, the postings and only the parts changed since the last
save, so a refresh of 500 articles rewrites a few hundred small texts, not the whole index.

Version 1, desks saved before: one document {"json": text} holding the whole state in
`to_dict`'s shape (the head's fields, "stories": [story, ...], "postings": {hash: [story_id,
...]}). `restore` reads it once and the next save writes version 2 in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from newsdesk.core.storyblocks import entry, story_from
from newsdesk.core.storymodel import Story
from newsdesk.core.storytext import DocFrequencies

if TYPE_CHECKING:
    from newsdesk.core.stories import StoryIndex

STATE_VERSION = 1  # the shape of to_dict (and of the single document desks used to save)
SAVED_VERSION = 2  # head and parts
POSTINGS = 0
DAMAGED = "The saved stories were damaged or from another version"
WINDOW = "The story window ([stories] window_hours) changed"


def story_part(serial: int) -> int:
    return 2 * serial + 2


def block_part(block: int) -> int:
    return 2 * block + 1


class StaleState(ValueError):
    """A saved state to regroup rather than read: damaged, another version or window."""


@dataclass(frozen=True, slots=True)
class StoryChanges:
    """What a save writes: the head, and parts by number (None removes one)."""

    head: dict[str, Any]
    parts: dict[int, str | None]
    replace: bool  # every other saved part goes: the index was never saved in this form


def _head(index: StoryIndex, version: int) -> dict[str, Any]:
    return {
        "version": version,
        "window_hours": index.config.window_hours,
        "docs": index._df.docs,
        "df": index._df.to_text(),
        "max_seen": index._max_seen,
        "serial": index._serial,
        "splits": dict(index._splits),
        "merges": [list(m) for m in index._merges],
    }


def _text(story: Story) -> str:
    return orjson.dumps(entry(story)).decode()


def _postings(index: StoryIndex) -> str:
    by_serial = {h: [s.serial for s in p] for h, p in index._postings.items()}
    return orjson.dumps(by_serial, option=orjson.OPT_NON_STR_KEYS).decode()


def changes(index: StoryIndex) -> StoryChanges:
    """The parts to write since the last save (all of them for a state never saved), and
    the head; the index then counts as saved."""
    parts: dict[int, str | None] = {POSTINGS: _postings(index)}
    fresh = index._fresh
    if fresh:
        for story in index._stories.values():
            parts[story_part(story.serial)] = _text(story)
        for block, text in index._frozen.texts.items():
            parts[block_part(block)] = text
    else:
        dirty = index._dirty_serials
        held = {s.serial: s for s in index._stories.values() if s.serial in dirty}
        for serial in dirty:
            found = held.get(serial)  # None: frozen or merged away since, its part goes
            parts[story_part(serial)] = _text(found) if found is not None else None
        for block in index._dirty_blocks:
            parts[block_part(block)] = index._frozen.texts.get(block)
    index._dirty_serials.clear()
    index._dirty_blocks.clear()
    index._fresh = False
    return StoryChanges(_head(index, SAVED_VERSION), parts, fresh)


def restore(index: StoryIndex, head: Mapping[str, Any], parts: Mapping[int, str]) -> None:
    """Fill an empty index from a saved head and parts (either version).

    Raises StaleState for a state to regroup without reading (unreadable, another version,
    another story window) and ValueError for one that is malformed."""
    if "version" not in head and isinstance(head.get("json"), str):
        try:
            data = orjson.loads(head["json"])
        except orjson.JSONDecodeError:
            raise StaleState(DAMAGED) from None
        _check(data, STATE_VERSION, index.config.window_hours)
        load(index, data)
        index._fresh = True  # saved again in full, as version 2
        index.migrated = True
        return
    _check(head, SAVED_VERSION, index.config.window_hours)
    try:
        _restore(index, head, parts)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"story state is malformed ({type(exc).__name__}: {exc})") from exc
    index._settle()
    index._fresh = False  # what is saved is this state: later saves write what changes


def _check(data: Any, version: int, window_hours: float) -> None:
    if not isinstance(data, Mapping) or data.get("version") != version:
        raise StaleState(DAMAGED)
    if data.get("window_hours") != window_hours:
        raise StaleState(WINDOW)


def _restore(index: StoryIndex, head: Mapping[str, Any], parts: Mapping[int, str]) -> None:
    _fill_head(index, head)
    held: dict[int, Story] = {}
    for part, text in sorted(parts.items()):
        if part == POSTINGS:
            continue
        if part % 2:
            block = (part - 1) // 2  # one int object for all the block's articles
            for articles in index._frozen.adopt(block, text):
                for aid in articles:
                    index._of[aid] = block
            continue
        story = story_from(orjson.loads(text))
        if story is None:
            continue
        if story_part(story.serial) != part or story.serial > index._serial:
            raise ValueError(f"story {story.id!r} is saved as part {part}")
        held[story.serial] = story
        index._stories[story.id] = story
        for aid, _, _ in story.members:
            index._of[aid] = story
    for h, serials in orjson.loads(parts.get(POSTINGS, "{}")).items():
        alive = [held[s] for s in serials if s in held]
        alive = [s for s in alive if s.profile is not None]
        if alive:
            index._postings[int(h)] = alive


def _fill_head(index: StoryIndex, head: Mapping[str, Any]) -> None:
    index._df = DocFrequencies.from_text(str(head.get("df", "")), int(head.get("docs", 0)))
    index._max_seen = int(head.get("max_seen", 0))
    index._serial = int(head.get("serial", 0))
    index._splits = {str(k): str(v) for k, v in head.get("splits", {}).items()}
    index._merges = [(str(a), str(b)) for a, b in head.get("merges", [])]


# the whole state at once (to_dict / from_dict, and the version 1 document) ------------------
def dump(index: StoryIndex) -> dict[str, Any]:
    """The index's state as lists, dicts, strings and numbers only (frozen stories too)."""
    stories = [entry(s) for s in index._stories.values()]
    stories.extend(index._frozen.entries())
    stories.sort(key=lambda e: int(e["serial"]))
    return {
        **_head(index, STATE_VERSION),
        "stories": stories,
        "postings": {str(h): [s.id for s in p] for h, p in index._postings.items()},
    }


def load(index: StoryIndex, data: dict[str, Any]) -> None:
    """Fill an empty index from `dump` output; ValueError says what is malformed."""
    try:
        _load(index, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"story state is malformed ({type(exc).__name__}: {exc})") from exc
    index._settle()


def _load(index: StoryIndex, data: dict[str, Any]) -> None:
    _fill_head(index, data)
    serials: set[int] = set()
    for item in data.get("stories", []):
        story = story_from(item)
        if story is None:
            continue
        if story.serial in serials:  # they number the saved parts: two would overwrite
            raise ValueError(f"two stories have serial {story.serial}")
        serials.add(story.serial)
        index._stories[story.id] = story
        for aid, _, _ in story.members:
            index._of[aid] = story
    for h, ids in data.get("postings", {}).items():
        found = (index._stories.get(s) for s in ids)
        alive = [s for s in found if s is not None and s.profile is not None]
        if alive:
            index._postings[int(h)] = alive
