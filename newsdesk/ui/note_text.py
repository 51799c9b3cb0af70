"""Provides note_text: a note's Markdown as styled terminal text (never parsed as markup).

Only what notes use: **bold**, *italic* / _italic_, `code`, "# " headings, "- " or "* "
list items and "> " quotes. The markers themselves are not shown.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

from newsdesk.core.sanitize import strip_controls

_INLINE = re.compile(
    r"(?P<code>`[^`\n]+`)"
    r"|(?P<bold>\*\*(?=\S)[^*\n]+?(?<=\S)\*\*|__(?=\S)[^_\n]+?(?<=\S)__)"
    r"|(?P<italic>\*(?=\S)[^*\n]+?(?<=\S)\*|(?<!\w)_(?=\S)[^_\n]+?(?<=\S)_(?!\w))"
)
_STYLES = {"code": Style(reverse=True), "bold": Style(bold=True), "italic": Style(italic=True)}
_CUT = {"code": 1, "bold": 2, "italic": 1}


def _inline(line: str, base: Style | str) -> Text:
    text = Text(end="", style=base)
    at = 0
    for match in _INLINE.finditer(line):
        kind = match.lastgroup or "code"
        text.append(line[at : match.start()])
        cut = _CUT[kind]
        text.append(match.group()[cut:-cut], _STYLES[kind])
        at = match.end()
    text.append(line[at:])
    return text


def note_text(markdown: str, base: Style | str = "") -> Text:
    """The note as the sidebar shows it: Markdown markers turned into styles."""
    out = Text(end="", style=base)
    lines = strip_controls(markdown).strip("\n").split("\n")
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
        stripped = line.lstrip()
        if heading := re.match(r"#{1,6}\s+", stripped):
            out.append_text(_inline(stripped[heading.end() :], Style(bold=True)))
        elif item := re.match(r"[-*+]\s+", stripped):
            out.append(" " * (len(line) - len(stripped)) + "• ")
            out.append_text(_inline(stripped[item.end() :], ""))
        elif stripped.startswith(">"):
            out.append("│ ")
            out.append_text(_inline(stripped[1:].lstrip(), Style(italic=True)))
        else:
            out.append_text(_inline(line, ""))
    return out
