"""Provides FrozenStories: stories no article can join any more, kept as JSON text.

Stories are numbered in creation order (their serial) and kept in blocks of BLOCK serials.
Once no new story can be numbered into a block and every story in it has lost its profile (it
ended two windows before the newest article, so assignment never reads it again), the block
is frozen: its stories leave memory as objects (~500 bytes each) and stay as one JSON text, the
very string the desk saves (core.storystate), so a 50,000-article desk's old stories cost their
text once. Reading a frozen story (the story of an article, its members) parses its block; a
few parsed blocks are cached. A split or merge that touches one thaws its block first.

Threads: the UI reads stories while a worker groups. Every change here is one dict operation,
and a reader that finds a block gone (thawed meanwhile) gets None rather than an error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import orjson

from newsdesk.core.storymodel import Profile, Story, founders

BLOCK = 64  # stories (by serial) per frozen block
CACHED = 32  # parsed blocks kept: an article list walks a few blocks at a time

Member = tuple[str, str, int]  # (article id, feed id, unix time)


def entry(story: Story) -> dict[str, Any]:
    """A story as JSON-ready data: see newsdesk.core.storystate for the shape."""
    out: dict[str, Any] = {
        "id": story.id,
        "serial": story.serial,
        "articles": [list(m) for m in story.members],
    }
    if story.profile is not None:
        terms, entities = story.profile.weights()
        out["terms"] = [[h, round(w, 6)] for h, w in terms]
        out["entities"] = [[h, round(w, 6)] for h, w in entities]
        out["days"] = sorted(story.profile.days)
    return out


def story_from(data: dict[str, Any]) -> Story | None:
    """The story `entry` made, or None for one without articles; raises on malformed data."""
    members = [(str(a), sys.intern(str(f)), int(t)) for a, f, t in data["articles"]]
    if not members:
        return None
    story = Story(
        str(data["id"]),
        min(m[2] for m in members),
        max(m[2] for m in members),
        members,
        None,
        int(data.get("serial", 0)),
    )
    if "terms" in data:
        terms = {int(h): float(w) for h, w in data["terms"]}
        ents = {int(h): float(w) for h, w in data.get("entities", [])}
        story.profile = Profile(terms, ents, days={int(d) for d in data.get("days", [])})
        story.profile.refresh()
    return story


class BlockView(NamedTuple):
    members: dict[str, list[Member]]  # story id -> its articles
    story_of: dict[str, str]  # article id -> story id


class FrozenStories:
    """The frozen blocks: their texts, where to find each story, a few parsed.

    A story's id names the article it was made from (storymodel.story_id_for), so the block
    of a frozen story is found through that article (`of`, the index's article -> story or
    block); only the few stories that article has left (split out) are listed in `moved`.
    That spares holding 50,000 articles' worth of story ids twice."""

    def __init__(self, of: Mapping[str, object]) -> None:
        self.texts: dict[int, str] = {}  # block -> JSON array of its stories' entries
        self.moved: dict[str, int] = {}  # story id -> block, for ids its articles do not give
        self._of = of
        self._views: dict[int, BlockView] = {}

    def find(self, story_id: str) -> int | None:
        """The block holding the frozen story; None if it is not frozen."""
        block = self.moved.get(story_id)
        if block is not None:
            return block
        for article_id in founders(story_id):
            found = self._of.get(article_id)
            if isinstance(found, int):
                view = self.view(found)
                if view is not None and story_id in view.members:
                    return found
        return None

    def __contains__(self, story_id: object) -> bool:
        return isinstance(story_id, str) and self.find(story_id) is not None

    def _place(self, block: int, story_id: str, article_ids: Iterable[str]) -> None:
        """Note the block of a story `find` would not find through its own articles."""
        if not set(founders(story_id)).intersection(article_ids):
            self.moved[story_id] = block

    def freeze(self, block: int, stories: list[Story]) -> str:
        """Record the stories of `block` as text; the caller then points `of` at the block
        for their articles and drops the objects."""
        stories = sorted(stories, key=lambda s: s.serial)
        text = orjson.dumps([entry(s) for s in stories]).decode()
        self.texts[block] = text
        for story in stories:
            self._place(block, story.id, (m[0] for m in story.members))
        self._views.pop(block, None)
        return text

    def adopt(self, block: int, text: str) -> list[list[str]]:
        """Take a saved block's text as it is; returns the article ids of each of its
        stories. Raises ValueError when a story in it does not belong to `block`."""
        found = []
        for data in orjson.loads(text):
            if int(data["serial"]) // BLOCK != block:
                raise ValueError(f"story {data['id']!r} is not in block {block}")
            articles = [str(m[0]) for m in data["articles"]]
            self._place(block, str(data["id"]), articles)
            found.append(articles)
        self.texts[block] = text
        return found

    def thawed(self, block: int) -> list[Story]:
        """The block's stories as objects; the block stays frozen until `drop`, so a reader
        finds each story either way while the caller puts the objects in place."""
        text = self.texts.get(block)
        if text is None:
            return []
        return [s for s in map(story_from, orjson.loads(text)) if s is not None]

    def drop(self, block: int, stories: list[Story]) -> None:
        self.texts.pop(block, None)
        self._views.pop(block, None)
        for story in stories:
            self.moved.pop(story.id, None)

    def view(self, block: int) -> BlockView | None:
        """The parsed block (cached); None when it is not frozen (any more)."""
        view = self._views.get(block)
        if view is not None:
            return view
        text = self.texts.get(block)
        if text is None:
            return None
        members: dict[str, list[Member]] = {}
        story_of: dict[str, str] = {}
        for data in orjson.loads(text):
            sid = data["id"]
            members[sid] = [(a, f, t) for a, f, t in data["articles"]]
            for article in data["articles"]:
                story_of[article[0]] = sid
        view = BlockView(members, story_of)
        if len(self._views) >= CACHED:
            self._views.clear()
        self._views[block] = view
        return view

    def members(self, story_id: str) -> list[Member] | None:
        block = self.find(story_id)
        view = self.view(block) if block is not None else None
        return view.members.get(story_id) if view is not None else None

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every frozen story's entry, block by block (parsed now, not cached)."""
        for block in sorted(self.texts):
            text = self.texts.get(block)  # thawed by another thread meanwhile: skipped
            if text is not None:
                yield from orjson.loads(text)

    def outlet_counts(self) -> Iterator[tuple[str, int, int]]:
        """(story id, serial, number of distinct feeds) of every frozen story."""
        for data in self.entries():
            yield data["id"], data["serial"], len({m[1] for m in data["articles"]})
