"""Provides an article as plain text, Markdown or a JSON-ready dict, for `newsdesk show`.

Everything here is written to a terminal or a file a script reads: control and bidi
characters are removed from every string, and only http(s) links are written as links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.core.attachments import attachment_line, describe, openable
from newsdesk.core.enclosure import Enclosure
from newsdesk.core.export import md_note
from newsdesk.core.models import Article, Feed, Highlight, Note
from newsdesk.core.render import Block, RenderedArticle
from newsdesk.core.sanitize import OPENABLE_SCHEMES, strip_controls

BLOCK_GAP = 2  # blocks are joined by "\n\n" in the text highlights are anchored to
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|=~])")


def terminal_safe(text: str | None) -> str:
    """No control, escape or bidi-override characters; line breaks and tabs kept."""
    return _BIDI.sub("", strip_controls(text or ""))


def one_line(text: str | None) -> str:
    return " ".join(terminal_safe(text).split())


def iso_utc(when: datetime | None) -> str | None:
    if when is None:
        return None
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _openable(url: str) -> bool:
    return url.split(":", 1)[0].lower() in OPENABLE_SCHEMES if ":" in url else False


def _meta(article: Article, feed: Feed | None) -> list[str]:
    return [
        m
        for m in (
            one_line(feed.display_title) if feed else "",
            one_line(article.author),
            f"{article.published.astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        )
        if m
    ]


def _block_prefix(block: Block) -> str:
    if block.kind == "item":
        return "  " * max(0, block.level - 1) + block.marker
    if block.kind == "quote":
        return "> " * max(1, block.level)
    return ""


def article_as_text(
    article: Article,
    feed: Feed | None,
    rendered: RenderedArticle,
    attachments: Sequence[Enclosure] = (),
) -> str:
    """The article as the reader shows it, without colour: title, meta, body, attachments
    (numbered after the links, as the reader's links dialog numbers them), links."""
    out = [one_line(article.title) or "(untitled)", " · ".join(_meta(article, feed))]
    if article.link and _openable(article.link):
        out.append(one_line(article.link))
    out.append("")
    for block in rendered.blocks:
        prefix = _block_prefix(block)
        text = terminal_safe(block.text)
        out.append(prefix + text.replace("\n", "\n" + " " * len(prefix)))
        out.append("")
    if not rendered.blocks:
        out.extend(["(This article has no body text.)", ""])
    files = openable(attachments)
    if files:
        out.append("Attachments")
        first = len(rendered.links) + 1
        out.extend(f"[{n}] {attachment_line(a)}" for n, a in enumerate(files, first))
        out.append("")
    links = [(n, u) for n, u in enumerate(rendered.links, 1) if _openable(u)]
    if links:
        out.append("Links")
        out.extend(f"[{n}] {one_line(u)}" for n, u in links)
    return "\n".join(out).rstrip() + "\n"


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _marked(text: str, start: int, ranges: list[tuple[int, int]]) -> str:
    """Block text with `==…==` around the parts of highlights falling in it (Markdown-escaped)."""
    end = start + len(text)
    pieces: list[str] = []
    at = 0
    for s, e in ranges:
        s, e = max(s, start) - start, min(e, end) - start
        if e <= s or s < at:
            continue
        pieces.append(_md_escape(text[at:s]))
        inner = text[s:e]
        core = inner.strip()
        if core:
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            pieces.append(f"{lead}=={_md_escape(core)}=={trail}")
        else:
            pieces.append(_md_escape(inner))
        at = e
    pieces.append(_md_escape(text[at:]))
    return "".join(pieces)


def article_as_markdown(
    article: Article,
    feed: Feed | None,
    rendered: RenderedArticle,
    highlights: list[Highlight] | tuple[Highlight, ...],
    notes: list[Note] | tuple[Note, ...],
    attachments: Sequence[Enclosure] = (),
) -> str:
    """The article as Markdown with its highlights marked `==like this==`, its attachments
    and links, then its notes."""
    title = _md_escape(one_line(article.title)) or "(untitled)"
    out = [f"# {title}", "", " · ".join(_md_escape(m) for m in _meta(article, feed))]
    if article.link and _openable(article.link):
        out.extend(["", f"<{one_line(article.link)}>"])
    out.append("")
    ranges = sorted((h.start, h.end) for h in highlights if not h.orphaned and h.end > h.start)
    start = 0
    for block in rendered.blocks:
        text = terminal_safe(block.text)
        if block.kind == "code":
            out.extend(["```", text.replace("```", "'''"), "```"])
        elif block.kind == "rule":
            out.append("* * *")
        else:
            body = _marked(text, start, ranges)
            if block.kind == "heading":
                out.append("#" * min(6, max(2, block.level + 1)) + " " + body)
            elif block.kind == "item":
                out.append(
                    "  " * max(0, block.level - 1)
                    + ("- " if "•" in block.marker or not block.marker.strip() else block.marker)
                    + body
                )
            elif block.kind == "quote":
                out.append("> " * max(1, block.level) + body.replace("\n", "\n> "))
            else:
                out.append(body.replace("\n", "  \n"))
        out.append("")
        start += len(block.text) + BLOCK_GAP
    files = openable(attachments)
    if files:
        out.extend(["## Attachments", ""])
        out.extend(f"- {_md_escape(describe(a))}: <{one_line(a.url)}>" for a in files)
        out.append("")
    links = [(n, u) for n, u in enumerate(rendered.links, 1) if _openable(u)]
    if links:
        out.append("## Links")
        out.append("")
        out.extend(f"{n}. <{one_line(u)}>" for n, u in links)
        out.append("")
    by_highlight: dict[str | None, list[Note]] = {}
    for note in notes:
        by_highlight.setdefault(note.highlight_id, []).append(note)
    annotated = [h for h in highlights if h.id in by_highlight or h.orphaned]
    loose = [n for n in notes if n.highlight_id not in {h.id for h in highlights}]
    if annotated or loose:
        out.extend(["## Notes", ""])
        for h in annotated:
            quote = one_line(h.quote)
            out.append(f"> =={_md_escape(quote)}==" + (" (orphaned)" if h.orphaned else ""))
            out.append("")
            for note in by_highlight.get(h.id, []):
                out.extend([md_note(note.text).strip(), ""])
        for note in loose:
            out.extend([md_note(note.text).strip(), ""])  # inert as in `notes export`
    return "\n".join(out).rstrip() + "\n"


def article_as_dict(
    article: Article,
    feed: Feed | None,
    rendered: RenderedArticle,
    highlights: list[Highlight] | tuple[Highlight, ...],
    notes: list[Note] | tuple[Note, ...],
    attachments: Sequence[Enclosure] = (),
) -> dict[str, Any]:
    """Every field a script needs: the record, the body as blocks, links, attachments and
    annotations."""
    return {
        **listing_dict(article, feed, len(highlights), len(notes)),
        "body": [
            {
                "kind": b.kind,
                "text": terminal_safe(b.text),
                **({"level": b.level} if b.level else {}),
            }
            for b in rendered.blocks
        ],
        "links": [u for u in rendered.links if _openable(u)],
        "attachments": [
            {"url": one_line(a.url), "type": one_line(a.type), "length": a.length}
            for a in openable(attachments)
        ],
        "highlights_list": [
            {
                "id": h.id,
                "quote": terminal_safe(h.quote),
                "kind": h.kind,
                "start": h.start,
                "end": h.end,
                "orphaned": h.orphaned,
                "created": iso_utc(h.created),
            }
            for h in highlights
        ],
        "notes_list": [
            {
                "id": n.id,
                "text": terminal_safe(n.text),
                "highlight_id": n.highlight_id,
                "created": iso_utc(n.created),
                "updated": iso_utc(n.updated),
            }
            for n in notes
        ],
    }


def listing_dict(
    article: Article, feed: Feed | None, highlights: int, notes: int
) -> dict[str, Any]:
    """One article for `newsdesk articles --json`: the fields scripts filter on."""
    return {
        "id": article.id,
        "feed": feed.url if feed else "",
        "feed_title": one_line(feed.display_title) if feed else "",
        "title": one_line(article.title),
        "link": one_line(article.link) if _openable(article.link) else "",
        "author": one_line(article.author),
        "published": iso_utc(article.published),
        "read": article.read,
        "starred": article.starred,
        "tags": [one_line(t) for t in article.tags],
        "highlights": highlights,
        "notes": notes,
    }
