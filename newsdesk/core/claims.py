"""Provides the claims board's pure pieces: claim records, the same-claim test, grouping,
the filter language and speaker detection around a highlighted passage.

A claim is a highlight of kind claim, quote or fact-check. Two outlets often carry the same
quote; the board shows it once with both sources when the texts match after normalising, or
(within one story) when their words overlap by a token Jaccard of at least `NEAR_SAME`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.core.models import CLAIM_KINDS, CLAIM_STATUSES, ClaimStatus

NEAR_SAME = 0.8  # token Jaccard at which two quotes in one story are the same claim
MAX_CLAIM_CHARS = 2000  # a claim's text looked at when comparing: bounded work per pair
# when the sources of one claim disagree, the board shows the most serious status
STATUS_WEIGHT: dict[str, int] = {"open": 0, "verified": 1, "disputed": 2, "false": 3}

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """One outlet's highlight of a claim: where it is, so the board can jump there."""

    highlight_id: str
    article_id: str
    offset: int
    outlet: str
    title: str
    link: str
    published: datetime
    note: str = ""
    note_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """One claim highlight as the desk collected it, before same claims are merged."""

    text: str
    kind: str
    status: ClaimStatus
    speaker: str
    story: str | None
    story_title: str
    source: ClaimSource
    speaker_detected: bool = False  # the speaker is a guess shown, not one the user saved


@dataclass(frozen=True, slots=True)
class Claim:
    """One line of the claims board: a claim with every source that carries it."""

    text: str
    kind: str
    status: ClaimStatus
    speaker: str
    note: str
    story: str | None
    story_title: str
    sources: tuple[ClaimSource, ...]
    speaker_detected: bool = False

    @property
    def highlight_ids(self) -> tuple[str, ...]:
        return tuple(s.highlight_id for s in self.sources)

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.outlet for s in self.sources))

    @property
    def group(self) -> str:
        """The board's group: the story, or the first source's article when it has none."""
        return self.story if self.story is not None else f"article:{self.sources[0].article_id}"

    def haystack(self) -> str:
        titles = " ".join(s.title for s in self.sources)
        return f"{self.text}\n{self.note}\n{self.speaker}\n{titles}".casefold()


# -- the same claim --------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text compared as the same claim: compatibility-folded, case-folded, punctuation
    (curly or straight quotes, dashes, ellipses) dropped, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text[:MAX_CLAIM_CHARS]).casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", folded)).strip()


def jaccard(a: str, b: str) -> float:
    """Token Jaccard of two normalised texts (1.0 for two empty ones)."""
    left, right = set(a.split()), set(b.split())
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def same_claim(a: str, b: str, *, same_story: bool) -> bool:
    """Whether two claim texts are one claim: equal after normalising anywhere, or near-same
    (token Jaccard >= NEAR_SAME) within one story."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return True
    return same_story and jaccard(na, nb) >= NEAR_SAME


def merge_claims(items: Sequence[ClaimItem]) -> list[Claim]:
    """The same claim from several outlets merged into one Claim, in the items' order.

    Items with equal normalised text merge anywhere; near-same ones only within a story.
    Sources keep the items' order; the status is the most serious of them; the speaker the
    first one saved (else the first detected); the notes are joined.
    """
    normalised = [normalise(item.text) for item in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_by_text: dict[str, int] = {}
    by_story: dict[str, list[int]] = {}
    for i, (item, text) in enumerate(zip(items, normalised, strict=True)):
        if text in first_by_text:
            union(first_by_text[text], i)
        else:
            first_by_text[text] = i
        if item.story is not None:
            for j in by_story.setdefault(item.story, []):
                if jaccard(normalised[j], text) >= NEAR_SAME:
                    union(j, i)
            by_story[item.story].append(i)
    groups: dict[int, list[ClaimItem]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return [_claim(members) for _, members in sorted(groups.items())]


def _claim(members: list[ClaimItem]) -> Claim:
    first = members[0]
    status = max((m.status for m in members), key=lambda s: STATUS_WEIGHT.get(s, 0))
    saved = next((m.speaker for m in members if m.speaker and not m.speaker_detected), "")
    guessed = next((m.speaker for m in members if m.speaker and m.speaker_detected), "")
    notes = list(dict.fromkeys(m.source.note.strip() for m in members if m.source.note.strip()))
    story = next((m.story for m in members if m.story is not None), None)
    story_title = next((m.story_title for m in members if m.story is not None), first.story_title)
    return Claim(
        text=first.text,
        kind=first.kind,
        status=status,
        speaker=saved or guessed,
        note="\n".join(notes),
        story=story,
        story_title=story_title,
        sources=tuple(m.source for m in members),
        speaker_detected=not saved and bool(guessed),
    )


# -- filtering --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """A parsed filter: `status:disputed kind:quote outlet:gazette speaker:rahman story:storm`
    plus free words; each term kind may repeat (any of them matches)."""

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    stories: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default_factory=tuple)


_TERMS = ("status", "kind", "outlet", "speaker", "story")


def parse_query(query: str) -> ClaimQuery:
    buckets: dict[str, list[str]] = {name: [] for name in (*_TERMS, "words")}
    for term in query.split():
        key, _, value = term.partition(":")
        key = key.casefold()
        if key in _TERMS and value:
            buckets[key].append(value.casefold())
        else:
            buckets["words"].append(term.casefold())
    return ClaimQuery(
        statuses=tuple(buckets["status"]),
        kinds=tuple(buckets["kind"]),
        outlets=tuple(buckets["outlet"]),
        speakers=tuple(buckets["speaker"]),
        stories=tuple(buckets["story"]),
        words=tuple(buckets["words"]),
    )


def unknown_terms(query: ClaimQuery) -> list[str]:
    """`status:` and `kind:` values no claim can have (they match only by a prefix of one),
    as `status:bogus`, for the hint under an empty board."""
    bad = [
        f"status:{s}" for s in query.statuses if not any(c.startswith(s) for c in CLAIM_STATUSES)
    ]
    bad += [f"kind:{k}" for k in query.kinds if not any(c.startswith(k) for c in CLAIM_KINDS)]
    return bad


def matches(claim: Claim, query: ClaimQuery) -> bool:
    """Statuses and kinds match exactly (or by prefix: `status:dis`); outlets, speakers and
    stories by a part of their name; free words anywhere in the text, note, speaker, titles."""
    if query.statuses and not any(claim.status.startswith(s) for s in query.statuses):
        return False
    if query.kinds and not any(claim.kind.startswith(k) for k in query.kinds):
        return False
    if query.outlets and not _any_in(query.outlets, claim.outlets):
        return False
    if query.speakers and not _any_in(query.speakers, (claim.speaker,)):
        return False
    if query.stories and not _any_in(query.stories, (claim.story_title, claim.story or "")):
        return False
    hay = claim.haystack()
    return all(w in hay for w in query.words)


def _any_in(needles: Iterable[str], names: Iterable[str]) -> bool:
    folded = [n.casefold() for n in names]
    return any(needle in name for needle in needles for name in folded)


def filter_claims(claims: Iterable[Claim], query: str) -> list[Claim]:
    parsed = parse_query(query)
    return [c for c in claims if matches(c, parsed)]


def check_status(status: str) -> ClaimStatus:
    """A status typed by a user, checked; ValueError names the ones there are."""
    for known in CLAIM_STATUSES:
        if status == known:
            return known
    raise ValueError(f"unknown claim status {status!r} (one of {', '.join(CLAIM_STATUSES)})")


# -- speakers ---------------------------------------------------------------------------------


def speaker_around(passages: Sequence[tuple[int, int, str]], start: int, end: int) -> str | None:
    """Who said the highlighted [start:end], from the sentences it covers and those around
    it: `passages` are the article's sentences as (start, end, text) in reading order."""
    from newsdesk.core.speakers import find_speaker

    inside = [i for i, (s, e, _) in enumerate(passages) if s < end and e > start]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    sentence = " ".join(passages[i][2] for i in inside)
    before = [p[2] for p in passages[max(0, first - 3) : first]]
    after = [p[2] for p in passages[last + 1 : last + 2]]
    return find_speaker(sentence, before, after)
