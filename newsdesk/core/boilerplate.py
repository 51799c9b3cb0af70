"""Provides strip_boilerplate: a view that hides feed boilerplate; the stored body is unchanged.

Built-in rules cover what WordPress and similar platforms append to every item; users add
per-feed regexes in the config file for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatch

from newsdesk.core.render import Block, RenderedArticle

BUILTIN_RULES: tuple[str, ...] = (
    r"^The post .{1,300} appeared first on .{1,200}$",
    r"^Comments are closed\.?(\s+Please check back later\.?)?$",
    r"^\[?\s*(Read|Continue) (more|reading)\s*(»|…|\.\.\.|→)?\s*\]?\s*(\[\d+\])?$",
    r"^Continue reading\b.{0,120}(→|»|…)\s*(\[\d+\])?$",
    r"^Please follow .{1,80} on Google News\b.{0,40}$",
    r"^(Source|Via): .{1,120}$",
    r"^[—–-]{2,}$",
    r"^Share this:?$",
    r"^Like this:?$",
    r"^Related$",
    r"^(Share|Tweet|Pin|Email)( (on|to|this) .{1,30})?$",
)
_SHARE_HEADING = re.compile(r"^(Share this|Like this|Related|Share):?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StripRules:
    """Compiled rules: the built-ins plus user patterns keyed by feed URL glob ("*" for all)."""

    builtin: tuple[re.Pattern[str], ...]
    per_feed: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()

    @classmethod
    def build(cls, user: dict[str, Sequence[str]] | None = None) -> StripRules:
        compiled = tuple(re.compile(p, re.IGNORECASE) for p in BUILTIN_RULES)
        per_feed = tuple(
            (glob, tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns))
            for glob, patterns in (user or {}).items()
        )
        return cls(compiled, per_feed)

    def for_feed(self, feed_url: str) -> tuple[re.Pattern[str], ...]:
        extra: list[re.Pattern[str]] = []
        for glob, patterns in self.per_feed:
            if glob == "*" or fnmatch(feed_url, glob):
                extra.extend(patterns)
        return self.builtin + tuple(extra)


DEFAULT_RULES = StripRules.build()


def strip_boilerplate(
    article: RenderedArticle, feed_url: str = "", rules: StripRules = DEFAULT_RULES
) -> RenderedArticle:
    patterns = rules.for_feed(feed_url)
    kept: list[Block] = []
    skipping_share_list = False
    for block in article.blocks:
        text = block.text.strip()
        if skipping_share_list and block.kind == "item":
            continue
        skipping_share_list = False
        if _SHARE_HEADING.match(text):
            skipping_share_list = True
            continue
        if any(p.search(text) for p in patterns):
            continue
        kept.append(block)
    # trailing rules, bare link numbers ("1[3]", an untitled image link) and boilerplate
    # lines after a line break at the end read as litter too
    while kept:
        last = _without_trailing_lines(kept[-1], patterns)
        if last is None or last.kind == "rule" or _LITTER.fullmatch(last.text):
            kept.pop()
            continue
        kept[-1] = last
        break
    return _renumber(kept, article.links)


_LITTER = re.compile(r"(?:\s|\d|\[\d+\]|\[image: untitled\])*")


def _without_trailing_lines(block: Block, patterns: Sequence[re.Pattern[str]]) -> Block | None:
    """The block without its last lines that are boilerplate or bare numbers; None if
    nothing is left."""
    if block.kind in ("code", "table"):
        return block
    lines = block.text.split("\n")
    while lines and (
        _LITTER.fullmatch(lines[-1]) or any(p.search(lines[-1].strip()) for p in patterns)
    ):
        lines.pop()
    if not lines:
        return None
    text = "\n".join(lines).rstrip()
    if text == block.text:
        return block
    spans = [(a, min(b, len(text)), st) for a, b, st in block.spans if a < len(text)]
    return replace(block, text=text, spans=spans)


def _renumber(blocks: list[Block], links: list[str]) -> RenderedArticle:
    """Number only the links still shown, in reading order, so "[1]" is the first one seen."""
    new_links: list[str] = []
    out: list[Block] = []
    for block in blocks:
        numbered = sorted(s for s in block.spans if s[2] in _NUMBERED)
        if not numbered:
            out.append(block)
            continue
        text, shift, spans = block.text, 0, []
        moves: list[tuple[int, int, int]] = []  # (old start, old end, delta after)
        for start, end, _style in numbered:
            label = block.text[start:end]
            match = _NUMBER.search(label)
            if not match:
                continue
            old = int(match.group(1))
            if not 0 < old <= len(links):
                continue
            url = links[old - 1]
            if url not in new_links:
                new_links.append(url)
            new_label = label[: match.start()] + f"[{new_links.index(url) + 1}]"
            new_label += label[match.end() :]
            a, b = start + shift, end + shift
            text = text[:a] + new_label + text[b:]
            delta = len(new_label) - len(label)
            moves.append((start, end, delta))
            shift += delta
        for start, end, style in block.spans:
            spans.append((_moved(start, moves, False), _moved(end, moves, True), style))
        out.append(replace(block, text=text, spans=spans))
    return RenderedArticle(out, new_links)


def _moved(offset: int, moves: list[tuple[int, int, int]], is_end: bool) -> int:
    total = 0
    for start, end, delta in moves:
        if offset > start or (is_end and offset == end and offset > start):
            total += delta if offset >= end else 0
    return offset + total


_NUMBERED = {"link-number", "image"}
_NUMBER = re.compile(r"\[(\d+)\]$")
