"""Provides sentence splitting for the reader's passage cursor: offsets, never copies.

`split_sentences` finds sentence spans in one piece of plain text; `sentence_spans` walks a
rendered article's blocks and returns every passage in reading order with both its offsets in
the block and in `RenderedArticle.text`, which is what highlights are anchored against.

The splitter is rule based and errs towards *not* splitting: a passage that is one sentence too
long costs a keypress (`v` extends a selection), a sentence cut at "Mr." looks broken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.core.render import Block

BLOCK_SEPARATOR = "\n\n"  # how RenderedArticle.text joins its blocks
LINE_KINDS = frozenset({"code", "table"})  # blocks whose passages are their lines
SKIPPED_KINDS = frozenset({"rule"})  # decoration, never a passage

# A candidate end: terminal punctuation, any closing quotes or brackets, then space or the end.
_CANDIDATE = re.compile(r"(?P<term>[.?!…]+)(?P<close>[\"'”’»›)\]}]*)(?=\s|$)")
# Chinese and Japanese full-width ends: a sentence ends there, with no space after it.
_CJK_END = re.compile(r"[。！？]+[」』”’）】〉》\"')]*")
_OPENERS = "\"'“‘«‹([{¡¿—–-"
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*")  # letters, with inner dots (u.s, e.g, p.m)
_INITIALISM = re.compile(r"[^\W\d_]|(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # J, U.S, Ph.D

# Abbreviations are matched lower-cased, without their final full stop.
# Always followed by more of the same sentence: titles, "e.g.", "approx." ...
_NEVER_ENDS = frozenset(
    """
    mr mrs ms mx dr prof sen rep gov gen lt col capt cmdr adm sgt cpl maj rev hon pres supt
    det insp messrs mme mlle mt ft e.g i.e viz cf vs approx ca incl esp
""".split()
)
# Abbreviations only before a number: "No. 3", "Sec. 4(b)", "Fig. 2", "p. 45".
_BEFORE_NUMBERS = frozenset(
    "no nos sec secs art arts fig figs vol vols ch chap p pp para op".split()
)
# Often the last word of a sentence; a capitalised word after them starts a new one.
_TIME_LIKE = frozenset({"a.m", "p.m", "etc"})
# After these a capitalised word is a new sentence only if it commonly starts one
# ("the U.S. The next year" splits, "the U.S. Supreme Court" does not).
_AMBIGUOUS = frozenset(
    """
    u.s u.k u.n e.u inc co corp ltd jr sr st ave rd blvd bros dept univ
    jan feb mar apr jun jul aug sep sept oct nov dec
""".split()
)
# Capitalised words after "p.m." that continue the sentence ("5 p.m. Eastern time").
_TIME_CONTINUERS = frozenset(
    """
    et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest eastern central mountain
    pacific local
""".split()
)
_STARTERS = frozenset(
    """
    the a an this that these those it its he she they we i you his her their our my your there
    here then but and or so yet in on at for by with from to of as if when while after before
    since because although though however meanwhile still now some most many several few all
    each every one two what who why how where which last next other another such not only even
    also both neither nor under over despite during about among instead once later earlier
    today yesterday tomorrow
""".split()
)


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence (or heading, list item, code line) of a rendered article.

    `start`/`end` index into `blocks[block].text`; `article_start`/`article_end` index into
    `RenderedArticle.text`, the text highlights are anchored against. `end` is exclusive.
    """

    block: int
    start: int
    end: int
    text: str
    article_start: int

    @property
    def article_end(self) -> int:
        return self.article_start + (self.end - self.start)


def split_sentences(text: str, *, lines_only: bool = False) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each sentence of `text`, in order.

    `end` is exclusive and spans exclude leading and trailing whitespace. A newline always ends
    a sentence; with `lines_only` (code, tables) only newlines do. Blank text gives [].
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if lines_only:
            pieces = [(0, len(line))]
        else:
            pieces = _split_line(line)
        for start, end in pieces:
            start, end = _trim(line, start, end)
            if start < end:
                spans.append((offset + start, offset + end))
        offset += len(line) + 1
    return spans


def sentence_spans(blocks: Sequence[Block]) -> list[Passage]:
    """Every passage of a rendered article's blocks, in reading order.

    Each block is split on its own, so headings, captions and list items are passages of their
    own; code and table blocks give one passage per non-blank line; rules give none. Offsets
    assume the blocks are joined by a blank line, exactly as `RenderedArticle.text` does.
    """
    passages: list[Passage] = []
    base = 0
    for index, block in enumerate(blocks):
        if block.kind not in SKIPPED_KINDS:
            lines_only = block.kind in LINE_KINDS
            for start, end in split_sentences(block.text, lines_only=lines_only):
                passages.append(Passage(index, start, end, block.text[start:end], base + start))
        base += len(block.text) + len(BLOCK_SEPARATOR)
    return passages


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(line: str) -> list[tuple[int, int]]:
    ends = [m.end() for m in _CANDIDATE.finditer(line) if _ends_sentence(line, m)]
    ends += [m.end() for m in _CJK_END.finditer(line)]
    pieces: list[tuple[int, int]] = []
    start = 0
    for end in sorted(set(ends)):
        if end > start:
            pieces.append((start, end))
            start = end
    pieces.append((start, len(line)))
    return pieces


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    rest = line[match.end() :].lstrip()
    if not rest:
        return True
    next_word = rest.lstrip(_OPENERS)
    first = next_word[:1] or rest[:1]
    if first.islower() or rest[0] in ".…":
        return False  # "?” she said", "U.S. and", "5 p.m. and", "etc. and so on"
    term, close = match.group("term"), match.group("close")
    if "?" in term or "!" in term or close:
        return True
    if "…" in term or ".." in term:  # an ellipsis ends a sentence only before a capital
        return first.isupper() or rest[0] in _OPENERS
    return _period_ends_sentence(line, match.start(), rest, next_word)


def _period_ends_sentence(line: str, period: int, rest: str, next_word: str) -> bool:
    """A single full stop followed by a capital, a digit or punctuation: is it an abbreviation?"""
    token = line[:period].rsplit(None, 1)[-1] if line[:period].strip() else ""
    token = token.lstrip(_OPENERS)
    if not token or not _WORD.fullmatch(token):
        return True  # "4(b).", "2023.", "v2." are ordinary ends
    key = token.lower()
    starts_with_digit = next_word[:1].isdigit()
    if key in _NEVER_ENDS:
        return False
    if key in _BEFORE_NUMBERS:
        return not starts_with_digit and rest[0] != "("
    if starts_with_digit:
        ambiguous = key in _TIME_LIKE or key in _AMBIGUOUS or _INITIALISM.fullmatch(token)
        return not ambiguous  # "Aug. 2022", "p.m. 3", but "in 2023. 2024 was"
    word = _first_word(next_word)
    if key in _TIME_LIKE:
        return word.lower() not in _TIME_CONTINUERS
    if key in _AMBIGUOUS or _INITIALISM.fullmatch(token):
        if rest[0] in _OPENERS and rest[0] not in "([{":
            return True  # an opening quote after "U.S." starts a new sentence
        return word.lower() in _STARTERS
    return True


def _first_word(text: str) -> str:
    match = _WORD.match(text)
    return match.group(0) if match else ""
