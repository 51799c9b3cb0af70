"""Provides quote/prefix/suffix anchoring of highlights, like the W3C TextQuoteSelector.

A highlight keeps the passage it quotes, up to `CONTEXT` characters either side of it and its
offsets into `RenderedArticle.text`. When a feed edits an article, `locate` finds the passage
again: exactly at its old offset, else the exact occurrence whose context agrees best, else a
lightly edited copy (a word changed) by fuzzy matching; failing all three it is orphaned.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable
from difflib import SequenceMatcher

from newsdesk.core.models import Highlight

CONTEXT = 32  # characters of prefix and suffix kept with a quote
FUZZY_THRESHOLD = 0.8  # similarity (difflib ratio) a lightly edited passage must reach
MAX_OCCURRENCES = 500  # exact occurrences scored before giving up on the rest
_MAX_SEEDS = 16  # occurrences of each quote piece used to guess where an edited passage is
_MAX_WINDOWS = 4  # regions compared in full by the fuzzy search
_MIN_BLOCK = 3  # matching runs shorter than this do not fix a fuzzy match's ends
_CONTEXT_PIN = 12  # characters of prefix or suffix that pin an edited end of a quote


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """Return (quote, prefix, suffix) for `text[start:end]`, with `context` characters around.

    Raises ValueError for an empty or out-of-range span.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad span {start}:{end} for a text of {len(text)} characters")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


def locate(
    text: str,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    start_hint: int | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> tuple[int, int] | None:
    """Find `quote` in `text`; return its (start, end) or None when the passage is gone.

    Tries, in order: the quote exactly at `start_hint` with its context intact; every exact
    occurrence, scored by how much of `prefix`/`suffix` agrees and then by distance from the
    hint; a fuzzy match whose similarity to the quote is at least `threshold`.
    """
    if not quote or not text:
        return None
    found = _exact(text, quote, prefix, suffix, start_hint)
    if found is not None:
        return found, found + len(quote)
    return _fuzzy(text, quote, prefix, suffix, start_hint, threshold)


def reanchor(highlights: Iterable[Highlight], text: str) -> list[Highlight]:
    """Re-attach highlights to an article's new `text`; return updated copies, same order.

    A found highlight gets its new start/end and `orphaned=False`; a lost one keeps its old
    offsets (the hint for a later attempt) with `orphaned=True`. Quote, prefix and suffix are
    never changed. Compare each result with its original (`!=`) to know what to store.
    """
    out: list[Highlight] = []
    for highlight in highlights:
        span = locate(text, highlight.quote, highlight.prefix, highlight.suffix, highlight.start)
        if span is None:
            out.append(dataclasses.replace(highlight, orphaned=True))
        else:
            out.append(dataclasses.replace(highlight, start=span[0], end=span[1], orphaned=False))
    return out


def reanchor_plain(
    highlights: Iterable[Highlight], text: str, plain: str, kept: list[int]
) -> list[Highlight]:
    """Like `reanchor`, for quotes kept without the reader's decorations (link numbers).

    `text` is the text as shown, `plain` the same without decorations and `kept[i]` the
    offset in `text` of `plain[i]` (one more entry for the end). Offsets stay those of `text`,
    which the reader paints; a quote saved with its decorations (before they were left out)
    that still sits at its offsets is kept there, and is otherwise looked for in `text`.
    """
    out: list[Highlight] = []
    for highlight in highlights:
        if highlight.quote and text[highlight.start : highlight.end] == highlight.quote:
            out.append(dataclasses.replace(highlight, orphaned=False))
            continue
        hint = bisect.bisect_left(kept, highlight.start)
        span = locate(plain, highlight.quote, highlight.prefix, highlight.suffix, hint)
        if span is not None and span[1] > span[0]:
            start, end = kept[span[0]], kept[span[1] - 1] + 1
            out.append(dataclasses.replace(highlight, start=start, end=end, orphaned=False))
        else:
            out.extend(reanchor([highlight], text))
    return out


# -- exact ---------------------------------------------------------------------------------


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """The share of prefix and suffix characters that agree with the text around a span."""
    total = len(prefix) + len(suffix)
    if not total:
        return 1.0
    agree = 0
    for a, b in zip(
        reversed(prefix), reversed(text[max(0, start - len(prefix)) : start]), strict=False
    ):
        if a != b:
            break
        agree += 1
    for a, b in zip(suffix, text[end : end + len(suffix)], strict=False):
        if a != b:
            break
        agree += 1
    return agree / total


def _exact(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> int | None:
    size = len(quote)
    if hint is not None and hint >= 0 and text.startswith(quote, hint):
        if _context_score(text, hint, hint + size, prefix, suffix) == 1.0:
            return hint
    best: tuple[float, int, int] | None = None  # (-score, distance, start)
    position = text.find(quote)
    seen = 0
    while position != -1 and seen < MAX_OCCURRENCES:
        score = _context_score(text, position, position + size, prefix, suffix)
        distance = abs(position - hint) if hint is not None else position
        candidate = (-score, distance, position)
        if best is None or candidate < best:
            best = candidate
        position = text.find(quote, position + 1)
        seen += 1
    return None if best is None else best[2]


# -- fuzzy ---------------------------------------------------------------------------------


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1 and len(found) < limit:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _guesses(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> list[int]:
    """Likely start offsets of an edited quote, most supported first.

    Pieces of the quote that survived the edit, and the prefix and suffix, each vote for the
    start they imply; votes within a few characters of each other count together.
    """
    size = len(quote)
    votes: dict[int, float] = {}
    piece = max(4, min(24, size // 6))
    for offset in range(0, max(1, size - piece + 1), piece):
        chunk = quote[offset : offset + piece]
        for position in _occurrences(text, chunk, _MAX_SEEDS):
            start = position - offset
            votes[start] = votes.get(start, 0.0) + 1.0
    if len(prefix) >= 8:
        for position in _occurrences(text, prefix[-16:], _MAX_SEEDS):
            start = position + min(16, len(prefix))
            votes[start] = votes.get(start, 0.0) + 2.0
    if len(suffix) >= 8:
        for position in _occurrences(text, suffix[:16], _MAX_SEEDS):
            start = position - size
            votes[start] = votes.get(start, 0.0) + 2.0
    if hint is not None and not votes:
        votes[min(max(0, hint), len(text))] = 0.5
    slack = max(8, size // 5)
    clusters: list[tuple[float, int, int]] = []  # (-votes, distance from hint, start)
    for start in sorted(votes):
        if clusters and start - clusters[-1][2] <= slack:
            weight, distance, first = clusters[-1]
            clusters[-1] = (weight - votes[start], distance, first)
        else:
            distance = abs(start - hint) if hint is not None else 0
            clusters.append((-votes[start], distance, start))
    return [start for _, _, start in sorted(clusters)[:_MAX_WINDOWS]]


def _align(text: str, quote: str, prefix: str, suffix: str, guess: int) -> tuple[int, int] | None:
    """The span of `text` near `guess` that lines up with `quote`, from difflib's matching runs.

    Where the quote's first or last words were edited, the prefix or suffix (when found just
    outside the matching runs) fixes that end; otherwise the unmatched length is assumed.
    """
    size = len(quote)
    slack = max(16, size // 4)
    base = max(0, guess - slack)
    window = text[base : guess + size + 2 * slack]
    matcher = SequenceMatcher(None, window, quote, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= min(_MIN_BLOCK, size)]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    start = base + first.a - first.b
    end = base + last.a + last.size + (size - last.b - last.size)
    if first.b and prefix:
        tail = prefix[-_CONTEXT_PIN:]
        found = text.rfind(tail, max(0, start - slack), base + first.a)
        if found != -1:
            start = found + len(tail)
    if last.b + last.size < size and suffix:
        head = suffix[:_CONTEXT_PIN]
        found = text.find(head, base + last.a + last.size, end + slack + len(head))
        if found != -1:
            end = found
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace() and not quote[0].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not quote[-1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _fuzzy(
    text: str, quote: str, prefix: str, suffix: str, hint: int | None, threshold: float
) -> tuple[int, int] | None:
    best: tuple[float, int, int] | None = None
    for guess in _guesses(text, quote, prefix, suffix, hint):
        span = _align(text, quote, prefix, suffix, guess)
        if span is None:
            continue
        ratio = SequenceMatcher(None, text[span[0] : span[1]], quote, autojunk=False).ratio()
        if ratio >= threshold and (best is None or ratio > best[0]):
            best = (ratio, span[0], span[1])
    return None if best is None else (best[1], best[2])
