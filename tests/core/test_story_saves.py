"""Saving a story index a changed part at a time, frozen stories, and reading states back."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.core import storystate
from newsdesk.core.stories import StoryArticle, StoryConfig, StoryIndex
from newsdesk.core.storymodel import Profile
from newsdesk.core.storystate import POSTINGS, StaleState, StoryChanges, block_part, story_part

T0 = datetime(2026, 3, 2, 6, tzinfo=UTC)
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai")]


def events(n: int, hours_apart: float = 1.0, seed: int = 3) -> list[StoryArticle]:
    """n distinct events, each covered by two or three outlets within two hours."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(SYLLABLES, k=3))

    out = []
    for k in range(n):
        words = [word() for _ in range(6)]
        names = [word().title() + " " + word().title() for _ in range(2)]
        number = rng.randint(100, 9999)
        at = T0 + timedelta(hours=k * hours_apart)
        for copy in range(2 + k % 2):
            rng.shuffle(words)
            title = f"{names[0]} {' '.join(words[:4])} {number}"
            said = f"{names[copy % 2]} said the {' '.join(words)}"
            lede = f"{said} would cost {number} in {names[0]}."
            out.append(StoryArticle(f"e{k}-{copy}", f"feed{copy}", title, lede, at))
    return out


class Saved:
    """A desk's stories table in miniature: the head and the numbered parts."""

    def __init__(self) -> None:
        self.head: dict[str, object] = {}
        self.parts: dict[int, str] = {}

    def save(self, index: StoryIndex) -> StoryChanges:
        changes = storystate.changes(index)
        if changes.replace:
            self.parts.clear()
        self.head = changes.head
        for part, text in changes.parts.items():
            if text is None:
                self.parts.pop(part, None)
            else:
                self.parts[part] = text
        return changes

    def load(self, config: StoryConfig | None = None) -> StoryIndex:
        return StoryIndex.from_saved(self.head, dict(self.parts), config)


def partition(index: StoryIndex, articles: list[StoryArticle]) -> dict[str, str | None]:
    return {a.id: index.story_of(a.id) for a in articles}


def serial_of(index: StoryIndex, story_id: str) -> int:
    return index._stories[story_id].serial


def test_a_save_after_new_articles_writes_only_the_stories_they_touched() -> None:
    old = events(200)
    index = StoryIndex()
    index.add(old)
    saved = Saved()
    first = saved.save(index)
    assert first.replace and len(first.parts) > 100  # never saved: everything
    assert storystate.changes(index).parts.keys() == {POSTINGS}  # nothing changed since
    newest = old[-1]
    joining = StoryArticle("late-copy", "feed9", newest.title, newest.lede, newest.published)
    fresh = events(1, seed=99)[0]
    fresh = StoryArticle("fresh", "feed9", fresh.title, fresh.lede, newest.published)
    changes = {c.article_id: c for c in index.add([joining, fresh])}
    assert changes["late-copy"].story_id == index.story_of(newest.id)
    assert changes["fresh"].new_story
    again = saved.save(index)
    assert not again.replace
    touched = {story_part(serial_of(index, c.story_id)) for c in changes.values()}
    assert again.parts.keys() == {POSTINGS} | touched


def test_saved_parts_give_back_the_grouping_and_it_goes_on_alike() -> None:
    articles = events(260)
    never_saved = StoryIndex()
    saved, index = Saved(), StoryIndex()
    late: list[StoryArticle] = []
    for at in range(0, len(articles) + 90, 90):
        # every fifth article comes a batch late: stories packed or frozen meanwhile
        batch = late + [a for n, a in enumerate(articles[at : at + 90]) if n % 5]
        late = [a for n, a in enumerate(articles[at : at + 90]) if not n % 5]
        never_saved.add(batch)
        index.add(batch)
        saved.save(index)
        reloaded = saved.load()
        assert reloaded.to_dict() == index.to_dict()
        index = reloaded  # go on from what was saved, as the next refresh would
    assert partition(index, articles) == partition(never_saved, articles)


def test_old_stories_are_frozen_as_text_and_answer_as_before() -> None:
    articles = events(300)
    index = StoryIndex()
    expected = {c.article_id: c.story_id for c in index.add(articles)}
    assert index._frozen.texts  # the first 150 hours of stories are out of reach
    assert len(index._stories) < len(set(expected.values())) - 100
    assert partition(index, articles) == expected
    first = articles[0]
    story = index.story_of(first.id)
    assert story is not None and story not in index._stories  # frozen
    assert index.members(story) == [a.id for a in articles if expected[a.id] == story]
    assert index.outlets(story) == ["feed0", "feed1"]
    assert story in index.stories(min_outlets=2)
    assert len(index.stories()) == len(set(expected.values()))


def test_splitting_a_frozen_story_thaws_it_and_the_save_keeps_the_split() -> None:
    articles = events(300)
    index = StoryIndex()
    index.add(articles)
    saved = Saved()
    saved.save(index)
    story = index.story_of("e1-2")
    assert story is not None and story not in index._stories
    block = next(b for b, text in index._frozen.texts.items() if story in text)
    alone = index.split("e1-2")
    changes = saved.save(index)
    assert changes.parts[block_part(block)] is not None  # frozen again, with the split
    again = saved.load()
    assert again.story_of("e1-2") == alone != story
    assert again.members(story) == ["e1-0", "e1-1"]
    assert again.splits == {"e1-2": story}


def test_merging_frozen_stories_is_kept_after_a_reload() -> None:
    articles = events(300)
    index = StoryIndex()
    index.add(articles)
    saved = Saved()
    saved.save(index)
    first, second = index.story_of("e3-0"), index.story_of("e4-0")
    assert first and second and first != second
    kept = index.merge(first, second)
    saved.save(index)
    again = saved.load()
    assert again.members(kept) == ["e3-0", "e3-1", "e3-2", "e4-0", "e4-1"]
    assert again.story_of("e4-1") == kept
    assert again.merges == [(first, second)]


def test_a_version_1_state_is_read_and_then_saved_in_full_as_parts() -> None:
    articles = events(150)
    index = StoryIndex()
    index.add(articles)
    old_form = {"json": json.dumps(index.to_dict())}  # what desks saved before
    read = StoryIndex.from_saved(old_form, {})
    assert read.migrated
    assert partition(read, articles) == partition(index, articles)
    saved = Saved()
    assert saved.save(read).replace
    assert saved.head["version"] == storystate.SAVED_VERSION
    assert partition(saved.load(), articles) == partition(index, articles)


def test_states_to_regroup_raise_stale_state_and_malformed_ones_value_error() -> None:
    index = StoryIndex()
    index.add(events(20))
    saved = Saved()
    saved.save(index)
    with pytest.raises(StaleState, match="window"):
        saved.load(StoryConfig(window_hours=24))
    with pytest.raises(StaleState, match="another version"):
        StoryIndex.from_saved({**saved.head, "version": 99}, saved.parts)
    with pytest.raises(StaleState):
        StoryIndex.from_saved({"json": "{not json"}, {})
    with pytest.raises(ValueError, match="malformed") as raised:
        StoryIndex.from_saved(saved.head, {**saved.parts, story_part(1): '{"id": 3}'})
    assert not isinstance(raised.value, StaleState)


def test_a_packed_profile_unpacks_to_the_very_same_weights() -> None:
    terms = {3_000_000_000: 0.1 + 0.2, 7: 1 / 3, 42: 2.5e-7}
    profile = Profile(dict(terms), {7: 0.7071067811865476})
    profile.refresh()
    norm = profile.norm
    profile.cool()
    assert profile.terms == {} and [list(w) for w in profile.weights()] == [
        list(terms.items()),
        [(7, 0.7071067811865476)],
    ]
    profile.warm()
    assert list(profile.terms.items()) == list(terms.items()) and profile.norm == norm
