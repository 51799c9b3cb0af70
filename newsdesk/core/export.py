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

from newsdesk.core.models import CLAIM_KINDS, NO_SPEAKER, Article, Feed, Highlight, Note
from newsdesk.core.sanitize import OPENABLE_SCHEMES, SAFE_SCHEMES, clean_block, clean_text, safe_url
from newsdesk.core.wording import plural

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
# what makes feed text active in a Markdown viewer: HTML, entities, links, emphasis, code
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<>&]")
_INLINE_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# in a note (the user's own Markdown): raw HTML starts, autolinks, link destinations
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HTML_OR_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>|<(?=[A-Za-z/!?])")
_LINK_DEST = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:\s*<?(\S*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def md_inline(text: str) -> str:
    """Feed text as inert Markdown: one line, HTML and entities escaped, link, emphasis and
    code syntax backslash-escaped, so `<img onerror=…>` or `[x](javascript:…)` stay text."""
    line = clean_text(text)
    return _INLINE_SPECIAL.sub(lambda m: _INLINE_ESCAPES.get(m[0], "\\" + m[0]), line)


def md_note(text: str) -> str:
    """The user's own Markdown kept, but inert where it could act: raw HTML escaped, links
    to anything but http, https or mailto (and relative ones) made plain text."""
    out, fenced = [], False
    for line in clean_block(text).split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _note_line(line)
        out.append(line)
    return "\n".join(out)


def _note_line(line: str) -> str:
    reference = _REFERENCE.match(line)
    if reference and not _safe_destination(reference[1]):
        line = line.replace("[", "\\[", 1)
    line = _HTML_OR_AUTOLINK.sub(
        lambda m: m[0] if m[1] and _safe_destination(m[1]) else "&lt;" + m[0][1:], line
    )
    return _LINK_DEST.sub(lambda m: m[0] if _safe_destination(m[1]) else "]\\(" + m[0][2:], line)


def _safe_destination(dest: str) -> bool:
    """Relative, http(s) or mailto after the decoding a Markdown viewer does."""
    import html

    plain = "".join(clean_block(html.unescape(dest)).split()).replace("\\", "")
    scheme = _SCHEME.match(plain)
    return scheme is None or scheme[1].lower() in SAFE_SCHEMES


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
        f"Exported {stamp}: {plural(len(groups), 'article')}, "
        f"{plural(n_highlights, 'highlight')}, {plural(n_notes, 'note')}.",
    ]
    for group in groups:
        out.extend(_markdown_article(group))
    return "\n\n".join(out) + "\n"


def _markdown_article(group: _Group) -> list[str]:
    article = group.article
    if article is None:
        parts = ["## (article no longer in the desk)", f"- Article id: {group.article_id}"]
    else:
        title = md_inline(article.title) or "(untitled)"
        facts = []
        link = safe_url(article.link, None, OPENABLE_SCHEMES)
        if link:
            facts.append(f"- Source: <{_autolink_safe(link)}>")
        facts.append(f"- Date: {article.published.astimezone(UTC):%Y-%m-%d}")
        if group.feed is not None:
            facts.append(f"- Feed: {md_inline(group.feed.display_title)}")
        if article.tags:
            facts.append(f"- Tags: {', '.join(md_inline(t) for t in article.tags)}")
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
        kind = f"— {md_inline(highlight.kind)}"
        kind += _claim_facts(highlight)
        if highlight.orphaned:
            kind += " (orphaned: the passage is no longer in the article)"
        parts.append(kind)
        if highlight.id in by_highlight:
            parts.append(_notes_text(by_highlight[highlight.id]))
    if loose:
        parts.append("### Notes on the article")
        parts.append(_notes_text(loose))
    return parts


def _claim_facts(highlight: Highlight) -> str:
    """` (disputed; speaker: X)` on a claim the user has checked or attributed."""
    facts: list[str] = []
    if highlight.kind in CLAIM_KINDS and highlight.status != "open":
        facts.append(highlight.status)
    if highlight.kind in CLAIM_KINDS and highlight.speaker not in ("", NO_SPEAKER):
        facts.append(f"speaker: {md_inline(highlight.speaker)}")
    return f" ({'; '.join(facts)})" if facts else ""


def _autolink_safe(url: str) -> str:
    """A URL that cannot end the `<…>` autolink early or carry markup."""
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20").replace('"', "%22")


def _blockquote(quote: str) -> str:
    lines = clean_block(quote).strip().split("\n")
    return "\n".join(f"> {_escape_line(md_inline(line))}".rstrip() for line in lines)


def _escape_line(line: str) -> str:
    """Keep a quoted line from turning into a heading, list or fence inside the blockquote."""
    if _BLOCK_START.match(line):
        return "\\" + line
    return _NUMBERED.sub(r"\1\\\2", line, count=1) if _NUMBERED.match(line) else line


def _notes_text(notes: list[Note]) -> str:
    """Notes as Markdown as written (made inert by md_note), a thematic break between two."""
    return "\n\n* * *\n\n".join(md_note(n.text).strip() or "(empty note)" for n in notes)


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


# the desk's own state of the full text (not exported: the full text itself is not, and a
# highlight re-anchors onto whichever text the importing desk shows)
_NOT_EXPORTED = frozenset({"has_full", "show_full", "version"})


def _record(model: Article | Highlight | Note) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        if f.name in _NOT_EXPORTED:
            continue
        value = getattr(model, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out
