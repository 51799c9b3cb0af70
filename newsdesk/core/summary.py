"""Provides `looks_like_summary`: whether a feed item's text is a teaser of a longer article.

Many feeds carry only the first lines of a story and a "Read more" link. The reader then
offers to fetch the full article; this guess only decides whether it says so, never what
is fetched, so a wrong guess costs one line of text.
"""

from __future__ import annotations

import re

SUMMARY_WORDS = 60  # a text this short is a teaser rather than an article
_TEASER_ENDINGS = re.compile(
    r"(\[\s*(read|continue)[^\]]{0,20}\]|read more|continue reading[^\n]{0,60}|"
    r"…|\.\.\.|\[\s*…\s*\]|\[\s*\.\.\.\s*\])\W{0,3}$",
    re.IGNORECASE,
)


def looks_like_summary(text: str, max_words: int = SUMMARY_WORDS) -> bool:
    """True for few words, or a text ending in "[Read More]", "Continue reading", "…"."""
    stripped = text.strip()
    if not stripped:
        return True
    if len(stripped.split()) < max_words:
        return True
    return _TEASER_ENDINGS.search(stripped[-120:]) is not None
