"""Provides the comparison of one story's versions: what only one outlet says, where they differ.

Pure and offset based: every mark is a (start, end) span in the version's text (the reader's
rendered text), so a screen paints marks on text it already shows. Two checks:

- unique sentences: a sentence with no near-duplicate in any other version (token Jaccard
  below `NEAR` with each of their sentences) is reported by one outlet only;
- disagreeing facts: numbers compared by what they count (the word after them, "78 mph" vs
  "81 mph"; a percentage by "%"), names that are spelt almost alike but not alike ("Rahman"
  vs "Rahmen"), and quotes that are nearly but not exactly the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsdesk.core.sentences import split_sentences

CONTEXT_NEAR = 0.15  # numbers said in sentences this alike may be the same fact
NEAR = 0.5  # token Jaccard at or above which two sentences say the same thing
QUOTE_NEAR = 0.5  # quotes this alike but not equal are the same quote, worded differently
FactKind = Literal["number", "name", "quote"]

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<pct>\s?%|\s?per\s?cent)?"
    r"(?:[ \u00a0-]+(?P<unit>[^\W\d_]+))?",
    re.UNICODE | re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+))+\b")
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{8,400})[\"”]")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SKIP_UNITS = frozenset(
    "a an and or but the of in on at to by for from with as is was were are be been has have "
    "had it its they them their there this that these those he she we you i who which when "
    "after before into than then so if not no".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    unique: bool  # no other version has a near-duplicate of it


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    key: str  # what it is about: a number's unit, a name's normal form, a quote's words
    value: str  # as written
    start: int
    end: int
    context: frozenset[str] = frozenset()  # the words of its sentence, numbers left out


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One fact the versions give differently: the value each version gives (by index)."""

    kind: FactKind
    about: str  # "mph", "Rahman", a quote's opening words
    values: tuple[tuple[int, str], ...]  # (version index, value), in version order


@dataclass(frozen=True, slots=True)
class VersionMarks:
    sentences: tuple[Sentence, ...]
    disputed: tuple[Fact, ...]  # facts of this version that another version gives otherwise

    @property
    def unique(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.unique)


@dataclass(frozen=True, slots=True)
class Comparison:
    versions: tuple[VersionMarks, ...]
    disagreements: tuple[Disagreement, ...]


def tokens(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in _TOKEN.findall(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def compare(texts: Sequence[str]) -> Comparison:
    """Compare the texts of one story's versions (one per outlet, in the order to show)."""
    spans = [split_sentences(text) for text in texts]
    bags = [
        [tokens(text[s:e]) for s, e in version] for text, version in zip(texts, spans, strict=True)
    ]
    marks: list[list[Sentence]] = []
    for i, version in enumerate(spans):
        others = [bag for j, other in enumerate(bags) if j != i for bag in other]
        marks.append(
            [
                Sentence(s, e, bool(bags[i][k]) and not _has_near(bags[i][k], others))
                for k, (s, e) in enumerate(version)
            ]
        )
    facts = [find_facts(text) for text in texts]
    disagreements, disputed = _disagreements(facts)
    return Comparison(
        tuple(
            VersionMarks(tuple(m), tuple(sorted(d, key=lambda f: f.start)))
            for m, d in zip(marks, disputed, strict=True)
        ),
        tuple(disagreements),
    )


def _has_near(bag: frozenset[str], others: list[frozenset[str]]) -> bool:
    return any(jaccard(bag, other) >= NEAR for other in others)


def find_facts(text: str) -> list[Fact]:
    """Numbers with what they count, multi-word capitalised names, and quotes in a text."""
    facts: list[Fact] = []
    spans = split_sentences(text)

    def context(at: int) -> frozenset[str]:
        for start, end in spans:
            if start <= at < end:
                return frozenset(t for t in tokens(text[start:end]) if not t[0].isdigit())
        return frozenset()

    for match in _NUMBER.finditer(text):
        unit = (match.group("unit") or "").casefold()
        if match.group("pct"):
            unit = "%"
        elif not unit or unit in _SKIP_UNITS or unit in _MONTHS:
            continue  # a bare number or a date: nothing to compare it by
        end = match.end("pct") if match.group("pct") else match.end("unit")
        value = text[match.start() : end]
        facts.append(Fact("number", unit, value, match.start(), end, context(match.start())))
    for match in _NAME.finditer(text):
        words = match.group().split()
        facts.append(Fact("name", words[-1], match.group(), match.start(), match.end()))
    for match in _QUOTE.finditer(text):
        facts.append(Fact("quote", match.group(1), match.group(1), match.start(), match.end()))
    return facts


def _disagreements(
    facts: Sequence[Sequence[Fact]],
) -> tuple[list[Disagreement], list[list[Fact]]]:
    disputed: list[list[Fact]] = [[] for _ in facts]
    found: list[Disagreement] = []
    # numbers: the same unit, different values, said in alike sentences; two values one
    # version gives both of are two facts ("by 112 votes", "684 votes"), not a dispute
    numbers = [
        (i, f, _number_value(f.value)) for i, v in enumerate(facts) for f in v if f.kind == "number"
    ]
    together = {(i, f.key, value) for i, f, value in numbers}
    best = _counterparts(numbers)
    groups: dict[tuple[str, float], set[tuple[str, float]]] = {}
    for a, (i, fa, va) in enumerate(numbers):
        for b, (j, fb, vb) in enumerate(numbers[a + 1 :], a + 1):
            if i == j or fa.key != fb.key or va == vb:
                continue
            if any(
                (k, fa.key, va) in together and (k, fa.key, vb) in together
                for k in range(len(facts))
            ):
                continue
            # each the other's likeliest counterpart, or the 41% both outlets agree on was
            # put with a third's 26.8% (said in a sentence alike) and marked in dispute
            if best.get((a, j)) != b or best.get((b, i)) != a:
                continue
            _join(groups, (fa.key, va), (fb.key, vb))
    components: dict[int, set[tuple[str, float]]] = {id(g): g for g in groups.values()}
    for group in sorted(components.values(), key=lambda g: sorted(g)):
        unit = next(iter(group))[0]
        members = [(i, f) for i, f, value in numbers if (f.key, value) in group]
        per_version: dict[int, str] = {}
        for i, f in members:
            per_version.setdefault(i, f.value)
            disputed[i].append(f)
        found.append(Disagreement("number", unit, tuple(sorted(per_version.items()))))
    found += _near_misses(facts, "name", disputed, _name_alike)
    found += _near_misses(facts, "quote", disputed, _quote_alike)
    return found, disputed


def _near_misses(
    facts: Sequence[Sequence[Fact]],
    kind: FactKind,
    disputed: list[list[Fact]],
    test: Callable[[str, str], bool],
) -> list[Disagreement]:
    """Facts of two versions that are nearly (not exactly) the same: one of them is wrong."""
    out: list[Disagreement] = []
    seen: set[tuple[str, str]] = set()
    exact = [{f.key for f in version if f.kind == kind} for version in facts]
    for i, version in enumerate(facts):
        for fact in (f for f in version if f.kind == kind):
            for j in range(i + 1, len(facts)):
                if fact.key in exact[j]:
                    continue
                for other in (f for f in facts[j] if f.kind == kind):
                    if other.key in exact[i] or not test(fact.key, other.key):
                        continue
                    pair = (fact.key, other.key)
                    if pair in seen:
                        continue
                    seen.add(pair)
                    about = fact.key if kind == "name" else " ".join(fact.key.split()[:4]) + "…"
                    out.append(Disagreement(kind, about, ((i, fact.value), (j, other.value))))
                    disputed[i].append(fact)
                    disputed[j].append(other)
    return out


def _counterparts(numbers: Sequence[tuple[int, Fact, float]]) -> dict[tuple[int, int], int]:
    """For each number and each other version, the number there counting the same thing
    said in the most alike sentence (at least CONTEXT_NEAR alike): {(number, version):
    number}, numbers by their place in `numbers`."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for a, (i, fa, _) in enumerate(numbers):
        for b, (j, fb, _) in enumerate(numbers):
            if i == j or fa.key != fb.key:
                continue
            alike = jaccard(fa.context, fb.context)
            if alike >= CONTEXT_NEAR and alike > best.get((a, j), (-1.0, -1))[0]:
                best[(a, j)] = (alike, b)
    return {key: b for key, (_, b) in best.items()}


def _join(
    groups: dict[tuple[str, float], set[tuple[str, float]]],
    a: tuple[str, float],
    b: tuple[str, float],
) -> None:
    """Put two disputed values in one group (groups are shared sets, merged on contact)."""
    ga, gb = groups.get(a), groups.get(b)
    if ga is None and gb is None:
        groups[a] = groups[b] = {a, b}
    elif ga is None:
        assert gb is not None
        gb.add(a)
        groups[a] = gb
    elif gb is None:
        ga.add(b)
        groups[b] = ga
    elif ga is not gb:
        ga |= gb
        for key in gb:
            groups[key] = ga


def _number_value(text: str) -> float:
    digits = re.match(r"[\d,]+(?:\.\d+)?", text)
    return float(digits.group().replace(",", "")) if digits else 0.0


def _name_alike(a: str, b: str) -> bool:
    """Two surnames one or two letters apart ("Rahman", "Rahmen"): one is misspelt."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return _edits(a.casefold(), b.casefold()) in (1, 2) if len(a) >= 6 else _edits(a, b) == 1


def _quote_alike(a: str, b: str) -> bool:
    ta, tb = tokens(a), tokens(b)
    return ta != tb and jaccard(ta, tb) >= QUOTE_NEAR


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
