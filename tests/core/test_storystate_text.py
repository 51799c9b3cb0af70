"""The story state as JSON text is the same state as `dump`, and loads back alike."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newsdesk.core import storystate
from newsdesk.core.stories import StoryArticle, StoryIndex

START = datetime(2026, 11, 14, 6, tzinfo=UTC)


def article(n: int, feed: str, title: str, hours: float) -> StoryArticle:
    lede = f"{title}. Wrenmouth council said the harbour wall repairs would cost 2.4 million."
    return StoryArticle(f"a{n}", feed, title, lede, START + timedelta(hours=hours))


def sample_index() -> StoryIndex:
    index = StoryIndex()
    index.add(
        [
            article(1, "gazette", "Harbour wall repairs to cost Wrenmouth 2.4 million", 0),
            article(2, "echo", "Wrenmouth harbour wall repairs will cost 2.4 million", 2),
            article(3, "wire", "Ferry crews in Portlow vote on new shifts", 5),
        ]
    )
    index.split("a2")
    return index


def test_dump_text_is_the_dump_as_json() -> None:
    index = sample_index()
    assert json.loads(storystate.dump_text(index)) == json.loads(json.dumps(storystate.dump(index)))


def test_dump_text_loads_back_with_the_split_kept() -> None:
    index = sample_index()
    again = StoryIndex.from_dict(json.loads(storystate.dump_text(index)))
    assert again.story_of("a2") == index.story_of("a2")
    assert again.splits == index.splits
    assert sorted(again.stories()) == sorted(index.stories())
