"""Provides the records of story grouping: its input, settings, changes and story profiles."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsdesk.core.storytext import Features

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What grouping needs of an article: the desk passes the first ~300 characters as `lede`."""

    id: str
    feed_id: str
    title: str
    lede: str
    published: datetime


@dataclass(frozen=True, slots=True)
class StoryConfig:
    window_hours: float = 72.0  # an article joins a story published within this of it
    strong: float = 0.42  # score needed to join an article published inside the story's span
    gap_penalty: float = 0.35  # added to the bar per window of time between article and story
    headline_extra: float = 0.15  # added to the bar when the article has no body
    text_share: float = 0.5  # weight of word agreement against name/number agreement
    novelty: float = 0.3  # penalty per unit of the article's name weight the story lacks
    other_day: float = 0.15  # added to the bar when the article names another weekday
    min_names: float = 0.2  # name/number cosine below which an article never joins
    min_shared: int = 3  # informative terms in common, so a headline alone never joins
    profile_terms: int = 96  # the story profile keeps its heaviest terms
    profile_entities: int = 48
    block_terms: int = 8  # the article's rarest terms used to look up candidates
    block_depth: int = 32  # most recent stories read from each term's posting list
    candidates: int = 8  # at most this many stories scored per article


@dataclass(frozen=True, slots=True)
class StoryChange:
    article_id: str
    story_id: str
    new_story: bool  # the article started this story


Packed = tuple["array[int]", "array[float]", "array[int]", "array[float]"]
Weights = Iterable[tuple[int, float]]


@dataclass(slots=True)
class Profile:
    """A story's centroid: summed unit vectors of its articles' terms and of their entities.

    While only a late article could reach the story, its weights are packed into arrays
    (`cool`: ~1 KB instead of ~6 KB of dicts, ints and floats); `warm` gives back the very
    same dicts, in the same order with the same floats, so scoring is unchanged.
    """

    terms: dict[int, float]
    entities: dict[int, float]
    norm: float = 0.0
    entity_norm: float = 0.0
    days: set[int] = field(default_factory=set)  # weekdays its articles name
    packed: Packed | None = None  # (term hashes, weights, entity hashes, weights) when cool

    def refresh(self) -> None:
        self.norm = math.sqrt(sum(w * w for w in self.terms.values()))
        self.entity_norm = math.sqrt(sum(w * w for w in self.entities.values()))

    def cool(self) -> None:
        if self.packed is None:
            terms, ents = self.terms, self.entities
            self.packed = (
                array("I", terms),
                array("d", terms.values()),
                array("I", ents),
                array("d", ents.values()),
            )
            self.terms, self.entities = {}, {}

    def warm(self) -> None:
        """Unpack the weights (before any read or change of `terms` and `entities`)."""
        if self.packed is not None:
            term_keys, term_weights, ent_keys, ent_weights = self.packed
            self.terms = dict(zip(term_keys, term_weights, strict=True))
            self.entities = dict(zip(ent_keys, ent_weights, strict=True))
            self.packed = None

    def weights(self) -> tuple[Weights, Weights]:
        """(term, weight) and (entity, weight) pairs, packed or not."""
        if self.packed is None:
            return self.terms.items(), self.entities.items()
        term_keys, term_weights, ent_keys, ent_weights = self.packed
        return zip(term_keys, term_weights, strict=True), zip(ent_keys, ent_weights, strict=True)


def entity_vector(vector: dict[int, float], feats: Features) -> dict[int, float]:
    """The article's names and numbers, weighted as in its term vector, unit length."""
    picked = {h: vector[h] for h in feats.entities if h in vector}
    norm = math.sqrt(sum(w * w for w in picked.values()))
    return {h: w / norm for h, w in picked.items()} if norm else {}


def add_capped(into: dict[int, float], vector: dict[int, float], cap: int) -> dict[int, float]:
    for h, w in vector.items():
        into[h] = into.get(h, 0.0) + w
    if len(into) > cap * 3 // 2:
        return dict(sorted(into.items(), key=lambda kv: (-kv[1], kv[0]))[:cap])
    return into


@dataclass(slots=True, eq=False)  # identity equality: posting lists test membership a lot
class Story:
    id: str
    first: int
    last: int
    members: list[tuple[str, str, int]] = field(default_factory=list)  # (article, feed, ts)
    profile: Profile | None = None
    serial: int = 0  # creation order, the deterministic tie-break


def timestamp(when: datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def story_id_for(article_id: str) -> str:
    return f"story:{article_id}"


def founders(story_id: str) -> list[str]:
    """The article ids `story_id` may have been made from: story_id_for's, with any
    "#..." suffix (a split, a taken id) cut off one at a time."""
    if not story_id.startswith("story:"):
        return []
    rest = story_id[len("story:") :]
    found = [rest]
    cut = rest.rfind("#")
    while cut > 0:
        rest = rest[:cut]
        found.append(rest)
        cut = rest.rfind("#")
    return found
