"""Provides the plain-data form of a story index (JSON-ready) and reading it back.

The shape (version 1): {"version", "window_hours", "docs", "df" (base64 zlib of the hashed
document frequencies), "max_seen", "serial", "stories": [{"id", "serial", "articles":
[[article_id, feed_id, unix_ts], ...], and for stories still inside the time horizon "terms",
"entities" ([[hash, weight], ...]) and "days"}], "postings": {hash: [story_id, ...]},
"splits": {article_id: story_id}, "merges": [[kept, absorbed], ...]}.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from newsdesk.core.storymodel import Profile, Story
from newsdesk.core.storytext import DocFrequencies

if TYPE_CHECKING:
    from newsdesk.core.stories import StoryIndex

STATE_VERSION = 1
CHUNK = 1000  # stories serialised at once by dump_text


def _entry(story: Story) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": story.id,
        "serial": story.serial,
        "articles": [list(m) for m in story.members],
    }
    if story.profile is not None:
        entry["terms"] = [[h, round(w, 6)] for h, w in story.profile.terms.items()]
        entry["entities"] = [[h, round(w, 6)] for h, w in story.profile.entities.items()]
        entry["days"] = sorted(story.profile.days)
    return entry


def _head(index: StoryIndex) -> dict[str, Any]:
    return {
        "version": STATE_VERSION,
        "window_hours": index.config.window_hours,
        "docs": index._df.docs,
        "df": index._df.to_text(),
        "max_seen": index._max_seen,
        "serial": index._serial,
    }


def _ordered(index: StoryIndex) -> list[Story]:
    return sorted(index._stories.values(), key=lambda s: s.serial)


def dump(index: StoryIndex) -> dict[str, Any]:
    """The index's state as lists, dicts, strings and numbers only."""
    return {
        **_head(index),
        "stories": [_entry(story) for story in _ordered(index)],
        "postings": {str(h): [s.id for s in p] for h, p in index._postings.items()},
        "splits": dict(index._splits),
        "merges": [list(m) for m in index._merges],
    }


def dump_text(index: StoryIndex) -> str:
    """`dump` as JSON text, built a thousand stories at a time: at 50,000 articles the whole
    state as Python lists would cost ~20 MB more at its peak than the text it becomes."""
    import orjson

    def chunked(items: list[Any]) -> str:
        """A JSON array's inside, serialised a slice at a time."""
        return ",".join(
            orjson.dumps(items[at : at + CHUNK])[1:-1].decode()
            for at in range(0, len(items), CHUNK)
        )

    stories = _ordered(index)
    # text pieces, not bytes: the join is then the result, with no decoded copy beside it
    parts = [orjson.dumps(_head(index))[:-1].decode(), ',"stories":[']
    parts.append(
        ",".join(
            orjson.dumps([_entry(s) for s in stories[at : at + CHUNK]])[1:-1].decode()
            for at in range(0, len(stories), CHUNK)
        )
    )
    del stories
    postings = {str(h): [s.id for s in p] for h, p in index._postings.items()}
    parts.append('],"postings":' + orjson.dumps(postings).decode())
    del postings
    parts.append(',"splits":' + orjson.dumps(dict(index._splits)).decode())
    parts.append(',"merges":[' + chunked([list(m) for m in index._merges]) + "]}")
    return "".join(parts)


def load(index: StoryIndex, data: dict[str, Any]) -> None:
    """Fill an empty index from `dump` output; ValueError says what is malformed."""
    try:
        _load(index, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"story state is malformed ({type(exc).__name__}: {exc})") from exc


def _load(index: StoryIndex, data: dict[str, Any]) -> None:
    index._df = DocFrequencies.from_text(str(data.get("df", "")), int(data.get("docs", 0)))
    index._max_seen = int(data.get("max_seen", 0))
    index._serial = int(data.get("serial", 0))
    for entry in data.get("stories", []):
        members = [(str(a), sys.intern(str(f)), int(t)) for a, f, t in entry["articles"]]
        if not members:
            continue
        story = Story(
            str(entry["id"]),
            min(m[2] for m in members),
            max(m[2] for m in members),
            members,
            None,
            int(entry.get("serial", 0)),
        )
        if "terms" in entry:
            terms = {int(h): float(w) for h, w in entry["terms"]}
            ents = {int(h): float(w) for h, w in entry.get("entities", [])}
            story.profile = Profile(terms, ents, days={int(d) for d in entry.get("days", [])})
            story.profile.refresh()
        index._stories[story.id] = story
        for aid, _, _ in members:
            index._of[aid] = story
    for h, ids in data.get("postings", {}).items():
        alive = [index._stories[s] for s in ids if s in index._stories]
        alive = [s for s in alive if s.profile is not None]
        if alive:
            index._postings[int(h)] = alive
    index._splits = {str(k): str(v) for k, v in data.get("splits", {}).items()}
    index._merges = [(str(a), str(b)) for a, b in data.get("merges", [])]
