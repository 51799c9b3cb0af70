"""Provides the demo desk's annotations: a few quotes and claims marked in two outlets'
versions of the sample by-election, so the claims board and the notes have something to show
on `newsdesk --demo` (and in the screenshots) before the user marks anything."""

from __future__ import annotations

import re

from newsdesk.desk.desk import Desk

# (how the article's title starts, highlight kind, status, note)
MARKS = (
    ("Green candidate Sadia Rahman", "quote", "verified", ""),
    ("Green candidate Sadia Rahman", "claim", "open", "Echo says 684 votes; check the count."),
    ("Greens win Wrenmouth", "quote", "disputed", "Worded differently in the Echo."),
    ("Greens win Wrenmouth", "claim", "open", ""),
    ("Quiet count at the town hall", "claim", "verified", "Matches the returning officer."),
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def annotate_demo(desk: Desk) -> int:
    """Mark the demo's quotes and claims (none if the sample articles are missing); returns
    how many highlights were made."""
    made = 0
    for start, kind, status, note in MARKS:
        article = next((a for a in desk.articles() if a.title.startswith(start)), None)
        if article is None:
            continue
        opened = desk.open_article(article.id, mark_read=False)
        text = opened.rendered.text
        taken = {(h.start, h.end) for h in desk.highlights(article.id)}
        span = _pick(text, kind, taken)
        if span is None:
            continue
        highlight = desk.add_highlight(article.id, text, *span)
        highlight = desk.set_highlight_kind(highlight.id, kind)
        desk.store.update_highlight(highlight.id, status=status)  # type: ignore[arg-type]
        if note:
            desk.save_note(article.id, highlight.id, note)
        made += 1
    return made


def _pick(text: str, kind: str, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    """A quoted sentence for a quote, one with a figure for a claim, not marked already."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        begin = match.start() + match.group().index(sentence)
        span = (begin, begin + len(sentence))
        if span in taken or len(sentence) < 20:
            continue
        quoted = any(q in sentence for q in ('"', "\u201c"))
        if (kind == "quote" and quoted) or (kind != "quote" and not quoted and _figure(sentence)):
            return span
    return None


def _figure(sentence: str) -> bool:
    return any(ch.isdigit() for ch in sentence)
