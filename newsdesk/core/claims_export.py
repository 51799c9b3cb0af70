"""Provides the claims board as JSON, CSV and Markdown (`newsdesk claims`).

JSON: {"claims": [{"text", "kind", "status", "speaker", "note", "story", "sources":
[{"outlet", "title", "link", "published"}]}]}. CSV: one row per claim, its sources joined
with " | ". Markdown: grouped by story, feed text made inert as the notes export does, and
only http(s) links written. Every text from a feed is cleaned of control and bidi
characters in all three.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from newsdesk.core.claims import Claim
from newsdesk.core.export import _escape_line, md_inline, md_note
from newsdesk.core.sanitize import OPENABLE_SCHEMES, clean_block, clean_line, safe_url
from newsdesk.core.wording import plural

CSV_FIELDS = ("text", "kind", "status", "speaker", "note", "story", "outlets", "titles", "links")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _link(url: str) -> str:
    return safe_url(url, None, OPENABLE_SCHEMES) or ""


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "text": clean_block(claim.text),
        "kind": claim.kind,
        "status": claim.status,
        "speaker": clean_line(claim.speaker),
        "note": clean_block(claim.note),
        "story": claim.story,
        "sources": [
            {
                "outlet": clean_line(s.outlet),
                "title": clean_line(s.title),
                "link": _link(s.link),
                "published": s.published.astimezone(UTC).isoformat(),
            }
            for s in claim.sources
        ],
    }


def claims_json(claims: Sequence[Claim]) -> str:
    data = {"claims": [claim_record(c) for c in claims]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    return "'" + text if text.startswith(_CSV_FORMULA) else text


def claims_csv(claims: Sequence[Claim]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for claim in claims:
        record = claim_record(claim)
        sources = record["sources"]
        row = [
            record["text"],
            record["kind"],
            record["status"],
            record["speaker"],
            record["note"],
            record["story"] or "",
            " | ".join(s["outlet"] for s in sources),
            " | ".join(s["title"] for s in sources),
            " | ".join(s["link"] for s in sources),
        ]
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()


def claims_markdown(claims: Sequence[Claim]) -> str:
    """Claims under a heading per story; each a blockquote, its facts and sources."""
    parts = ["# newsdesk claims", f"{plural(len(claims), 'claim')}."]
    group: str | None = None
    for claim in claims:
        if claim.group != group:
            group = claim.group
            parts.append(f"## {md_inline(claim.story_title) or '(untitled)'}")
        lines = clean_block(claim.text).strip().split("\n")
        parts.append("\n".join(f"> {_escape_line(md_inline(line))}".rstrip() for line in lines))
        facts = [f"- Kind: {claim.kind}", f"- Status: {claim.status}"]
        if claim.speaker:
            facts.append(f"- Speaker: {md_inline(claim.speaker)}")
        for source in claim.sources:
            line = f"- Source: {md_inline(source.outlet) or '(no outlet)'}"
            line += f", {md_inline(source.title) or '(untitled)'}"
            line += f", {source.published.astimezone(UTC):%Y-%m-%d}"
            link = _link(source.link)
            if link:
                line += f" <{_autolink(link)}>"
            facts.append(line)
        parts.append("\n".join(facts))
        if claim.note.strip():
            parts.append(md_note(claim.note).strip())
    return "\n\n".join(parts) + "\n"


def _autolink(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20").replace('"', "%22")


def claims_text(claims: Sequence[Claim]) -> str:
    """The board for a terminal: a line per story, then each claim and its sources indented;
    every piece one clean line, so no feed text can move the cursor or change colours."""
    if not claims:
        return "No claims yet: highlight a passage and make it a claim, quote or fact-check.\n"
    lines: list[str] = []
    group: str | None = None
    for claim in claims:
        if claim.group != group:
            group = claim.group
            if lines:
                lines.append("")
            lines.append(f"# {clean_line(claim.story_title, 120)}")
        speaker = clean_line(claim.speaker, 60)
        if speaker and claim.speaker_detected:
            speaker += "?"
        lines.append(
            f"[{claim.status}] {claim.kind}: {clean_line(claim.text, 300)}"
            + (f" ({speaker})" if speaker else "")
        )
        for source in claim.sources:
            lines.append(
                f"    {clean_line(source.outlet, 40)} · {clean_line(source.title, 80)} · "
                f"{source.published.astimezone(UTC):%Y-%m-%d}"
            )
        if claim.note.strip():
            lines.append(f"    note: {clean_line(claim.note, 300)}")
    return "\n".join(lines) + "\n"
