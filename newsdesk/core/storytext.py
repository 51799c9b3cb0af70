"""Provides the text features story grouping compares: hashed, weighted terms and entities.

Everything is reduced to stable 32-bit hashes (crc32, never Python's salted `hash`) so a
story's profile is small, fits in JSON and means the same thing in the next process. Words are
Unicode-aware; Chinese and Japanese runs, which have no spaces, become character bigrams.
"""

from __future__ import annotations

import base64
import math
import re
import zlib
from array import array
from dataclasses import dataclass

LEDE_CHARS = 300  # how much of the body counts as the lede
TITLE_WEIGHT = 2.0  # a headline word says more about the event than a body word
ENTITY_WEIGHT = 1.5  # names and numbers tell similar events apart
PRIOR_DOCS = 200  # a new desk behaves as if it had seen this many unrelated articles
DF_BUCKETS = 1 << 18  # hashed document frequencies: 1 MB, whatever the vocabulary
MAX_TEXT = 4000  # bound the work on a pathological title or body

# a number (with inner . , :) or a run of letters/digits; apostrophes stay inside words
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:['’][^\W\d_]+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SENTENCES = re.compile(r"(?<=[.!?。！？])[\"'”’»)]*\s+|\n+")

STOPWORDS = frozenset(
    """
    a about after against all also an and any are as at be been before being but by can could
    did do does down during each for from had has have he her here hers him his how i if in into
    is it its just me more most my new no nor not now of off on once only or other our out over
    own per said says same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yet one two first last year years week day days today
    yesterday told according
    reported report reports people time may might must ago around near among between
    """.split()
)


WEEKDAYS = {
    day: n
    for n, names in enumerate(
        (
            ("monday", "montag", "lundi", "lunes", "lunedì"),
            ("tuesday", "dienstag", "mardi", "martes", "martedì"),
            ("wednesday", "mittwoch", "mercredi", "miércoles", "mercoledì"),
            ("thursday", "donnerstag", "jeudi", "jueves", "giovedì"),
            ("friday", "freitag", "vendredi", "viernes", "venerdì"),
            ("saturday", "samstag", "samedi", "sábado", "sabato"),
            ("sunday", "sonntag", "dimanche", "domingo", "domenica"),
        )
    )
    for day in names
}


def stable_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def tokens(text: str) -> list[tuple[str, bool]]:
    """(lower-cased token, is_entity) pairs; entities are capitalised names and numbers.

    A capitalised word opening a sentence is only a name when a capitalised word follows it
    ("Calloway Motors said", not "Rescuers said").
    """
    out: list[tuple[str, bool]] = []
    text = text[:MAX_TEXT]
    has_cjk = _CJK.search(text) is not None
    for sentence in _SENTENCES.split(text):
        words = _TOKEN.findall(sentence)
        last = len(words) - 1
        for i, word in enumerate(words):
            if has_cjk and _CJK.search(word):
                out.extend((gram, False) for gram in _cjk_grams(word))
                continue
            lower = word.lower()
            if lower.endswith(("'s", "’s")):  # Wrenmouth's -> wrenmouth
                lower = lower[:-2]
            if lower in STOPWORDS or (len(lower) < 2 and not lower.isdigit()):
                continue
            first = word[0]
            if first.isdigit():
                out.append((lower, True))
            elif first.isupper():
                out.append((lower, i > 0 or (i < last and words[i + 1][0].isupper())))
            else:
                out.append((lower, False))
    return out


def _cjk_grams(word: str) -> list[str]:
    grams: list[str] = []
    last = 0
    for run in _CJK.finditer(word):
        rest = word[last : run.start()].lower()
        if len(rest) >= 2:
            grams.append(rest)
        chars = run.group()
        if len(chars) == 1:
            grams.append(chars)
        grams.extend(chars[i : i + 2] for i in range(len(chars) - 1))
        last = run.end()
    rest = word[last:].lower()
    if len(rest) >= 2:
        grams.append(rest)
    return grams


@dataclass(frozen=True, slots=True)
class Features:
    """One article's raw term counts (title boosted) and its entity hashes."""

    counts: dict[int, float]
    entities: frozenset[int]
    body_terms: int  # how many distinct lede terms: 0 means we only have the headline
    days: frozenset[int] = frozenset()  # weekdays named (0 = Monday): "on Tuesday"
    numbers: frozenset[int] = frozenset()  # the entities that are numbers (outlets disagree)


def features(title: str, lede: str) -> Features:
    counts: dict[int, float] = {}
    entities: set[int] = set()
    body: set[int] = set()
    crc = zlib.crc32
    days: set[int] = set()
    numbers: set[int] = set()
    for part, weight, is_body in ((title, TITLE_WEIGHT, False), (lede[:LEDE_CHARS], 1.0, True)):
        named = weight * ENTITY_WEIGHT
        for token, is_entity in tokens(part):
            h = crc(token.encode("utf-8"))
            counts[h] = counts.get(h, 0.0) + (named if is_entity else weight)
            if is_entity:
                entities.add(h)
                day = WEEKDAYS.get(token)
                if day is not None:
                    days.add(day)
                elif token[0].isdigit():
                    numbers.add(h)
            if is_body:
                body.add(h)
    return Features(counts, frozenset(entities), len(body), frozenset(days), frozenset(numbers))


class DocFrequencies:
    """Hashed document frequencies, so rare words weigh more than common ones.

    A fixed array of counters (collisions only make a rare word look a little commoner), which
    keeps memory flat however large the vocabulary grows and serialises to one short string.
    """

    __slots__ = ("counts", "docs")

    def __init__(self) -> None:
        self.counts = array("I", bytes(4 * DF_BUCKETS))
        self.docs = 0

    def add(self, terms: dict[int, float]) -> None:
        self.docs += 1
        counts = self.counts
        for h in terms:
            counts[h & (DF_BUCKETS - 1)] += 1

    def common(self, h: int) -> bool:
        """In more than 1 in 200 documents (and 20 at least): useless for finding candidates."""
        seen = self.counts[h & (DF_BUCKETS - 1)]
        return seen > 20 and seen * 200 > self.docs

    def idf(self, h: int) -> float:
        return math.log((self.docs + PRIOR_DOCS) / (self.counts[h & (DF_BUCKETS - 1)] + 0.5))

    def weigh(self, terms: dict[int, float]) -> dict[int, float]:
        """The L2-normalised tf-idf vector of `terms`."""
        counts, mask, log = self.counts, DF_BUCKETS - 1, math.log
        top = self.docs + PRIOR_DOCS  # so the first few articles' shared words still count
        weighted = {
            h: (1.0 + log(c)) * log(top / (counts[h & mask] + 0.5)) for h, c in terms.items()
        }
        weighted = {h: w for h, w in weighted.items() if w > 0.0}  # idf <= 0: everywhere
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {h: w / norm for h, w in weighted.items()}

    def to_text(self) -> str:
        return base64.b64encode(zlib.compress(self.counts.tobytes(), 6)).decode("ascii")

    @classmethod
    def from_text(cls, text: str, docs: int) -> DocFrequencies:
        made = cls()
        raw = zlib.decompress(base64.b64decode(text.encode("ascii")))
        if len(raw) == 4 * DF_BUCKETS:
            made.counts = array("I", raw)
            made.docs = max(0, int(docs))
        return made
