"""Anchoring highlights: finding a quoted passage again after the article changes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.core.anchor import CONTEXT, locate, make_anchor, reanchor
from newsdesk.core.models import Highlight
from newsdesk.core.parse import parse_feed
from newsdesk.core.render import render_article

SAMPLE = Path(__file__).parents[2] / "newsdesk" / "sample" / "longreads.rss"
CREATED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    feed = parse_feed(SAMPLE.read_bytes(), "https://slownews.example/feed/")
    entry = next(e for e in feed.entries if "water rules" in e.title)
    return [b.text for b in render_article(entry.content_html, entry.link).blocks]


def join(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


def highlight_of(text: str, quote: str, occurrence: int = 0, hid: str = "h1") -> Highlight:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    q, prefix, suffix = make_anchor(text, start, start + len(quote))
    return Highlight(hid, "a1", q, prefix, suffix, start, start + len(quote), created=CREATED)


def find(text: str, h: Highlight) -> tuple[int, int] | None:
    return locate(text, h.quote, h.prefix, h.suffix, h.start)


# -- make_anchor ---------------------------------------------------------------------------


def test_make_anchor_keeps_context_either_side() -> None:
    text = "x" * 40 + "QUOTE" + "y" * 40
    quote, prefix, suffix = make_anchor(text, 40, 45)
    assert (quote, prefix, suffix) == ("QUOTE", "x" * CONTEXT, "y" * CONTEXT)


def test_make_anchor_at_the_edges() -> None:
    assert make_anchor("Hello world", 0, 5) == ("Hello", "", " world")
    assert make_anchor("Hello world", 6, 11) == ("world", "Hello ", "")


@pytest.mark.parametrize(("start", "end"), [(3, 3), (-1, 2), (2, 99), (5, 2)])
def test_make_anchor_refuses_a_bad_span(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        make_anchor("Hello world", start, end)


# -- exact ---------------------------------------------------------------------------------


def test_unchanged_text_finds_the_passage_where_it_was(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    h = highlight_of(text, "Fixing pipes is expensive.")
    assert find(text, h) == (h.start, h.end)


def test_passage_moved_to_another_place(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "The tiered rates have had a measurable effect."
    h = highlight_of(text, quote)
    moved = paragraphs[:]
    block = next(i for i, p in enumerate(moved) if p.startswith(quote))
    moved.insert(0, moved.pop(block))
    new_text = join(moved)
    assert new_text.index(quote) == 0
    assert find(new_text, h) == (0, len(quote))


def test_text_before_the_passage_edited(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "Losses are down to 14.1 percent, according to the latest monthly statement."
    h = highlight_of(text, quote)
    edited = join(["Editor's note: this article was updated on 20 November."] + paragraphs[3:])
    start = edited.index(quote)
    assert start != h.start
    assert find(edited, h) == (start, start + len(quote))


def test_duplicate_quotes_are_told_apart_by_prefix_and_suffix(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "she said."
    assert text.count(quote) >= 4
    target = text.index("bank statement every month,” she said.") + 29
    occurrence = text[:target].count(quote)
    assert occurrence >= 2
    h = highlight_of(text, quote, occurrence=occurrence)
    assert h.start == target and "bank statement every month" in h.prefix
    # a paragraph inserted before it moves every occurrence, so the old offset now points
    # into the wrong text entirely
    edited = join(paragraphs[:1] + ["A new paragraph, she said. It is short."] + paragraphs[1:])
    assert edited[h.start : h.end] != quote
    start, end = find(edited, h)  # type: ignore[misc]
    assert edited[start:end] == quote
    assert edited[start - 40 : start].endswith("bank statement every month,” ")


def test_identical_duplicates_prefer_the_one_nearest_the_old_offset() -> None:
    text = "Same words here. Other text. Same words here. More. Same words here."
    h = Highlight("h", "a", "Same words here.", "", "", 29, 45)
    # no context to compare: distance from the hint decides
    assert locate(text, h.quote, "", "", 31) == (29, 45)
    assert locate(text, h.quote, "", "", 60) == (52, 68)
    assert locate(text, h.quote, "", "", None) == (0, 16)


def test_exact_match_at_the_hint_with_different_context_is_not_taken_blindly() -> None:
    text = "Intro. Yes, indeed. Middle part. Yes, indeed. The end."
    first, second = 7, 33
    _, prefix, suffix = make_anchor(text, second, second + 12)
    # the hint points at the first copy, but the context is that of the second
    assert locate(text, "Yes, indeed.", prefix, suffix, first) == (second, second + 12)


# -- fuzzy ---------------------------------------------------------------------------------


def test_passage_lightly_edited_is_found_by_fuzzy_match(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = (
        "The utility has replaced about 38 miles of main so far, out of roughly 600 that need it."
    )
    h = highlight_of(text, quote)
    changed = quote.replace("38 miles", "forty-one miles")
    edited = text.replace(quote, changed)
    start = edited.index(changed)
    assert find(edited, h) == (start, start + len(changed))


def test_edited_and_moved_passage(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = (
        "Processing fish is wet work, she points out, and there are only so many ways to "
        "make it less so."
    )
    h = highlight_of(text, quote)
    changed = quote.replace("wet work", "messy work")
    moved = [p.replace(quote, changed) for p in paragraphs]
    moved.append(moved.pop(next(i for i, p in enumerate(moved) if changed in p)))
    edited = join(moved)
    start = edited.index(changed)
    assert find(edited, h) == (start, start + len(changed))


def test_edit_at_the_start_of_the_quote(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "Households have felt the change too, if less sharply."
    h = highlight_of(text, quote)
    changed = "Homes have felt the change too, if less sharply."
    edited = text.replace(quote, changed)
    start = edited.index(changed)
    assert find(edited, h) == (start, start + len(changed))


def test_passage_removed_is_orphaned(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "Fixing pipes is expensive."
    h = highlight_of(text, quote)
    edited = join([p.replace(quote, "") for p in paragraphs])
    assert find(edited, h) is None


def test_passage_rewritten_beyond_recognition_is_orphaned(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "Not everyone is pleased."
    h = highlight_of(text, quote)
    edited = text.replace(quote, "Some people are unhappy.")
    assert find(edited, h) is None


def test_empty_quote_or_text_is_not_found() -> None:
    assert locate("some text", "") is None
    assert locate("", "quote") is None


def test_fuzzy_search_on_a_large_article_finds_an_edited_quote_and_rejects_a_stranger() -> None:
    # how long this takes is measured by bench/anchor_bench.py, not asserted here
    filler = " ".join(f"Sentence number {i} says something about water." for i in range(1500))
    quote = "The river's late-summer flow fell below the level at which salt water creeps in."
    text = filler[:30000] + " " + quote + " " + filler[30000:]
    start = text.index(quote)
    _, prefix, suffix = make_anchor(text, start, start + len(quote))
    edited = text.replace("late-summer", "late summer")
    assert edited.find(quote) == -1  # only the fuzzy search can find it
    assert locate(edited, quote, prefix, suffix, start) == (start, start + len(quote))
    assert locate(edited, "An unrelated sentence that appears nowhere at all.", "", "", 10) is None


# -- reanchor ------------------------------------------------------------------------------


def test_reanchor_updates_offsets_and_orphan_flags(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    kept = highlight_of(text, "Who pays", hid="kept")
    gone = highlight_of(text, "Fixing pipes is expensive.", hid="gone")
    back = dataclasses.replace(
        highlight_of(text, "Not everyone is pleased.", hid="back"), orphaned=True
    )
    edited = join(["A new first paragraph."] + [p for p in paragraphs if "Fixing" not in p])
    result = reanchor([kept, gone, back], edited)
    assert [h.id for h in result] == ["kept", "gone", "back"]
    new_kept, new_gone, new_back = result
    assert edited[new_kept.start : new_kept.end] == "Who pays"
    assert not new_kept.orphaned and new_kept.start != kept.start
    assert new_gone.orphaned and (new_gone.start, new_gone.end) == (gone.start, gone.end)
    assert not new_back.orphaned
    assert edited[new_back.start : new_back.end] == "Not everyone is pleased."
    for old, new in zip([kept, gone, back], result, strict=True):
        assert (new.quote, new.prefix, new.suffix, new.kind, new.created) == (
            old.quote,
            old.prefix,
            old.suffix,
            old.kind,
            old.created,
        )


def test_reanchor_on_unchanged_text_changes_nothing(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    highlights = [highlight_of(text, "Who pays"), highlight_of(text, "Sec. 4(b).", hid="h2")]
    assert reanchor(highlights, text) == highlights


def test_edit_at_the_end_of_the_quote(paragraphs: list[str]) -> None:
    text = join(paragraphs)
    quote = "Mr. Achterberg, now retired, still reads every one."
    h = highlight_of(text, quote)
    changed = "Mr. Achterberg, now retired, still reads every single statement."
    edited = text.replace(quote, changed)
    start = edited.index(changed)
    assert find(edited, h) == (start, start + len(changed))


def test_edit_at_the_start_of_the_first_sentence_without_prefix() -> None:
    text = "Households have felt the change too, if less sharply. The rest follows here."
    h = highlight_of(text, "Households have felt the change too, if less sharply.")
    assert h.prefix == ""
    edited = "Homes have felt the change too, if less sharply. The rest follows here."
    assert find(edited, h) == (0, len("Homes have felt the change too, if less sharply."))
