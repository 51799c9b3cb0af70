"""Provides export of highlights and notes (Markdown, JSON) and import of a JSON export.

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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.models import Article, Feed, Highlight, Note

if TYPE_CHECKING:
    from newsdesk.store.base import Store

FORMAT_VERSION = 1
FORMAT_KEY = "newsdesk_export"
_HEX_ID = re.compile(r"[0-9a-fA-F]{1,32}")  # how the store keys records

M = TypeVar("M", Article, Highlight, Note)


class ExportFormatError(NewsdeskError):
    """An import file is not a newsdesk JSON export; nothing was written."""

    title = "Not a newsdesk export"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What `import_json` did.

    `skipped` counts highlights and notes whose id the desk already had; `missing_articles`
    counts exported articles this desk did not have (recreated from the export's fields, or,
    when the export had no record of the article either, annotations kept under its id).
    """

    added_highlights: int
    added_notes: int
    skipped: int
    missing_articles: int


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
            by_highlight.setdefault(note.highlight_id, []).append(note)  # type: ignore[arg-type]
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


# -- import --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportedArticle:
    """One article entry of a JSON export, checked and turned back into models."""

    article_id: str
    article: Article | None  # None when the export had no record of the article
    feed_title: str
    feed_url: str
    highlights: tuple[Highlight, ...]
    notes: tuple[Note, ...]


def parse_export(data: object) -> list[ExportedArticle]:
    """Check a decoded JSON export and return its entries; raise ExportFormatError if wrong.

    Checks everything before anything is written, so a bad file changes nothing.
    """
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise ExportFormatError(f'not a newsdesk export (no "{FORMAT_KEY}" key at the top)')
    version = data[FORMAT_KEY]
    if version != FORMAT_VERSION:
        raise ExportFormatError(
            f"export format {version!r} is not one this newsdesk reads ({FORMAT_VERSION})"
        )
    entries = data.get("articles")
    if not isinstance(entries, list):
        raise ExportFormatError('"articles" must be a list')
    return [_parse_entry(raw, f"articles[{i}]") for i, raw in enumerate(entries)]


def _parse_entry(raw: object, where: str) -> ExportedArticle:
    if not isinstance(raw, dict):
        raise ExportFormatError(f"{where} must be an object")
    article_id = raw.get("id")
    if not isinstance(article_id, str) or not article_id:
        raise ExportFormatError(f"{where}.id must be a non-empty string")
    feed = raw.get("feed")
    article: Article | None = None
    feed_title = feed_url = ""
    if feed is not None:
        if not isinstance(feed, dict):
            raise ExportFormatError(f"{where}.feed must be an object or null")
        feed_title = _typed(feed.get("title", ""), str, f"{where}.feed.title")
        feed_url = _typed(feed.get("url", ""), str, f"{where}.feed.url")
        article = _model(Article, raw, where, {})
    highlights = tuple(
        _model(Highlight, h, f"{where}.highlights[{i}]", {"article_id": article_id})
        for i, h in enumerate(_list(raw, "highlights", where))
    )
    notes = tuple(
        _model(Note, n, f"{where}.notes[{i}]", {"article_id": article_id})
        for i, n in enumerate(_list(raw, "notes", where))
    )
    for label, items in (("highlight", highlights), ("note", notes)):
        if any(not _HEX_ID.fullmatch(item.id) for item in items):
            raise ExportFormatError(f"{where}: every {label} id must be hexadecimal")
    return ExportedArticle(article_id, article, feed_title, feed_url, highlights, notes)


def _list(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise ExportFormatError(f"{where}.{key} must be a list")
    return value


def _typed(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ExportFormatError(f"{where} must be {_KIND_NAMES[kind]}")
    return value


_KIND_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    list: "a list",
}


def _model(cls: type[M], raw: object, where: str, fixed: dict[str, Any]) -> M:
    """Build a model from its exported dict, checking each field against its annotation."""
    if not isinstance(raw, dict):
        raise ExportFormatError(f"{where} must be an object")
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in fixed:
            values[f.name] = fixed[f.name]
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name not in raw:
            if required:
                raise ExportFormatError(f"{where} has no {f.name!r}")
            continue
        values[f.name] = _field(raw[f.name], str(f.type), f"{where}.{f.name}")
    return cls(**values)


def _field(value: Any, annotation: str, where: str) -> Any:
    optional = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    if value is None and optional:
        return None
    if base == "datetime":
        try:
            parsed = datetime.fromisoformat(_typed(value, str, where))
        except ValueError:
            raise ExportFormatError(f"{where} must be an ISO 8601 date") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if base.startswith("tuple["):
        items = _typed(value, list, where)
        return tuple(_typed(item, str, f"{where}[]") for item in items)
    kind = {"str": str, "int": int, "bool": bool}.get(base)
    return value if kind is None else _typed(value, kind, where)


def import_json(store: Store, data: object) -> ImportReport:
    """Restore a JSON export into `store` without duplicating anything.

    Highlights and notes keep their ids; one whose id the desk has is skipped. An article the
    desk lacks is recreated from the export's fields (its feed added by url if absent) so no
    annotation is lost; tags of an article the desk has gain the exported ones. The caller
    flushes. Raises ExportFormatError, having written nothing, if `data` is not an export.
    """
    entries = parse_export(data)
    have_highlights = {h.id for h in store.highlights()}
    have_notes = {n.id for n in store.notes()}
    by_guid: dict[tuple[str, str], str] | None = None
    added_h = added_n = skipped = missing = 0
    for entry in entries:
        target = store.article(entry.article_id)
        if target is None and entry.article is not None and entry.feed_url:
            feed = store.feed_by_url(entry.feed_url) or store.add_feed(
                entry.feed_url, entry.feed_title
            )
            if by_guid is None:
                by_guid = {(a.feed_id, a.guid): a.id for a in store.articles()}
            known = by_guid.get((feed.id, entry.article.guid))
            if known is not None:
                target = store.article(known)
            else:
                target = store.restore_article(dataclasses.replace(entry.article, feed_id=feed.id))
                by_guid[(feed.id, target.guid)] = target.id
                missing += 1
        elif target is None:
            missing += 1  # no record to rebuild it from: keep the annotations under its id
        if target is not None and entry.article is not None:
            _merge_tags(store, target, entry.article.tags)
        article_id = target.id if target is not None else entry.article_id
        for highlight in entry.highlights:
            if highlight.id in have_highlights:
                skipped += 1
                continue
            store.add_highlight(dataclasses.replace(highlight, article_id=article_id))
            have_highlights.add(highlight.id)
            added_h += 1
        for note in entry.notes:
            if note.id in have_notes:
                skipped += 1
                continue
            store.add_note(dataclasses.replace(note, article_id=article_id))
            have_notes.add(note.id)
            added_n += 1
    return ImportReport(added_h, added_n, skipped, missing)


def _merge_tags(store: Store, article: Article, tags: Iterable[str]) -> None:
    new = [t for t in tags if t not in article.tags]
    if new:
        store.set_tags(article.id, (*article.tags, *new))
