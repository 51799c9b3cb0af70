"""Provides export of highlights and notes as Markdown and as JSON (read back by notes_import).

Pure functions over the `Store` protocol. The JSON format, version 1:

    {"newsdesk_export": 1, "exported": "<ISO 8601 UTC>",
     "articles": [{<every Article field>, "feed": {"title": ..., "url": ...},
                   "highlights": [{<every Highlight field>}, ...],
                   "notes": [{<every Note field>}, ...]}, ...]}

Dates are ISO 8601 strings, tags lists, highlight and note ids hexadecimal. Annotations whose
article is no longer in the desk are exported too, under an entry holding only "id",
"feed": null, "highlights" and "notes", so an export never drops an annotation.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsdesk.core.models import Article, Feed, Highlight, Note

if TYPE_CHECKING:
    from newsdesk.core.ports import Store

FORMAT_VERSION = 1
FORMAT_KEY = "newsdesk_export"


@dataclass(slots=True)
class _Group:
    article_id: str
    article: Article | None
    feed: Feed | None
    highlights: list[Highlight]
    notes: list[Note]


# -- collecting ----------------------------------------------------------------------------


def _groups(store: Store, tag: str | None, feed_url: str | None) -> list[_Group]:
    """Annotated articles passing the filters, newest first; highlights in reading order."""
    groups: dict[str, _Group] = {}
    for highlight in store.highlights():
        _group(store, groups, highlight.article_id).highlights.append(highlight)
    for note in store.notes():
        _group(store, groups, note.article_id).notes.append(note)
    wanted = tag.casefold() if tag else None
    kept: list[_Group] = []
    for group in groups.values():
        if wanted is not None:
            tags = group.article.tags if group.article else ()
            if wanted not in {t.casefold() for t in tags}:
                continue
        if feed_url is not None and (group.feed is None or group.feed.url != feed_url):
            continue
        group.highlights.sort(key=lambda h: (h.start, h.end, h.created, h.id))
        group.notes.sort(key=lambda n: (n.created, n.id))
        kept.append(group)
    present = [(g.article, g) for g in kept if g.article is not None]
    present.sort(key=lambda pair: (pair[0].title.casefold(), pair[1].article_id))
    present.sort(key=lambda pair: pair[0].published, reverse=True)
    gone = sorted((g for g in kept if g.article is None), key=lambda g: g.article_id)
    return [g for _, g in present] + gone


def _group(store: Store, groups: dict[str, _Group], article_id: str) -> _Group:
    group = groups.get(article_id)
    if group is None:
        article = store.article(article_id)
        feed = store.feed(article.feed_id) if article is not None else None
        group = groups[article_id] = _Group(article_id, article, feed, [], [])
    return group


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


# -- Markdown ------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"[#>+*=|~`-]")
_NUMBERED = re.compile(r"(\d+)([.)])(?=\s|$)")


def export_markdown(
    store: Store,
    tag: str | None = None,
    feed_url: str | None = None,
    now: datetime | None = None,
) -> str:
    """Highlights and notes as Markdown, grouped by article, newest article first.

    Each article: "## title", its source link, date, feed and tags, then each highlight in
    reading order as a blockquote, a "— kind" line and the notes on it, then the notes on the
    whole article. `tag` keeps articles carrying that tag, `feed_url` those of that feed.
    """
    groups = _groups(store, tag, feed_url)
    n_highlights = sum(len(g.highlights) for g in groups)
    n_notes = sum(len(g.notes) for g in groups)
    stamp = _now(now).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# newsdesk notes",
        f"Exported {stamp}: {_count(len(groups), 'article')}, "
        f"{_count(n_highlights, 'highlight')}, {_count(n_notes, 'note')}.",
    ]
    for group in groups:
        out.extend(_markdown_article(group))
    return "\n\n".join(out) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _markdown_article(group: _Group) -> list[str]:
    article = group.article
    if article is None:
        parts = ["## (article no longer in the desk)", f"- Article id: {group.article_id}"]
    else:
        title = " ".join(article.title.split()) or "(untitled)"
        facts = []
        if article.link:
            facts.append(f"- Source: <{article.link}>")
        facts.append(f"- Date: {article.published.astimezone(UTC):%Y-%m-%d}")
        if group.feed is not None:
            facts.append(f"- Feed: {group.feed.display_title}")
        if article.tags:
            facts.append(f"- Tags: {', '.join(article.tags)}")
        parts = [f"## {title}", "\n".join(facts)]
    highlight_ids = {h.id for h in group.highlights}
    by_highlight: dict[str, list[Note]] = {}
    loose: list[Note] = []
    for note in group.notes:
        if note.highlight_id in highlight_ids:
            by_highlight.setdefault(note.highlight_id, []).append(note)
        else:
            loose.append(note)
    for highlight in group.highlights:
        parts.append(_blockquote(highlight.quote))
        kind = f"— {highlight.kind}"
        if highlight.orphaned:
            kind += " (orphaned: the passage is no longer in the article)"
        parts.append(kind)
        if highlight.id in by_highlight:
            parts.append(_notes_text(by_highlight[highlight.id]))
    if loose:
        parts.append("### Notes on the article")
        parts.append(_notes_text(loose))
    return parts


def _blockquote(quote: str) -> str:
    lines = quote.strip().split("\n")
    return "\n".join(f"> {_escape_line(line)}".rstrip() for line in lines)


def _escape_line(line: str) -> str:
    """Keep a quoted line from turning into a heading, list or fence inside the blockquote."""
    if _BLOCK_START.match(line):
        return "\\" + line
    return _NUMBERED.sub(r"\1\\\2", line, count=1) if _NUMBERED.match(line) else line


def _notes_text(notes: list[Note]) -> str:
    """Notes as Markdown as written, a thematic break between two notes."""
    return "\n\n* * *\n\n".join(n.text.strip() or "(empty note)" for n in notes)


# -- JSON ----------------------------------------------------------------------------------


def export_json(
    store: Store,
    tag: str | None = None,
    feed_url: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Every field of annotated articles, their highlights and notes, as a JSON-ready dict.

    Same selection and order as `export_markdown`; see the module docstring for the schema.
    """
    articles: list[dict[str, Any]] = []
    for group in _groups(store, tag, feed_url):
        if group.article is None:
            entry: dict[str, Any] = {"id": group.article_id, "feed": None}
        else:
            entry = _record(group.article)
            feed = group.feed
            entry["feed"] = {"title": feed.title if feed else "", "url": feed.url if feed else ""}
        entry["highlights"] = [_record(h) for h in group.highlights]
        entry["notes"] = [_record(n) for n in group.notes]
        articles.append(entry)
    return {FORMAT_KEY: FORMAT_VERSION, "exported": _now(now).isoformat(), "articles": articles}


def _record(model: Article | Highlight | Note) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        value = getattr(model, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out
