"""Provides import of a JSON notes export: checked whole before anything is written.

The format is the one `newsdesk.core.export` writes (version 1); see that module. An export
file is as untrusted as a feed: it is decoded by `load_export_bytes` (bounded numbers and
nesting) and every field passes the same cleaning as feed text before it is stored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.export import FORMAT_KEY, FORMAT_VERSION
from newsdesk.core.models import (
    CLAIM_STATUSES,
    FEED_STATUSES,
    HIGHLIGHT_KINDS,
    Article,
    Highlight,
    Note,
)
from newsdesk.core.sanitize import (
    OPENABLE_SCHEMES,
    SAFE_SCHEMES,
    clean_block,
    clean_line,
    clean_text,
    safe_url,
)

if TYPE_CHECKING:
    from newsdesk.core.ports import Store

_HEX_ID = re.compile(r"[0-9a-fA-F]{1,32}")  # how the store keys records
_ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_EXPORT_BYTES = 256 * 1024 * 1024
_MAX_NUMBER_CHARS = 30  # a date offset or an index, never a 5,000-digit number
MAX_TITLE_CHARS = 1000
MAX_AUTHOR_CHARS = 200
MAX_TAG_CHARS = 100
MAX_SPEAKER_CHARS = 200

M = TypeVar("M", Article, Highlight, Note)


class ExportFormatError(NewsdeskError):
    """An import file is not a newsdesk JSON export; nothing was written."""

    title = "Not a newsdesk export"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What `import_json` did.

    `skipped` counts highlights and notes whose id the desk already had; `missing_articles`
    counts exported articles this desk did not have and were recreated from the export's
    fields; `unrestored` those it could not recreate (no record of them in the export, or a
    feed address that is not a web one): their annotations are kept under their id;
    `subscribed` the addresses of the feeds subscribed to so that restored articles have
    their feed (a refresh fetches them from then on).
    """

    added_highlights: int
    added_notes: int
    skipped: int
    missing_articles: int
    unrestored: int = 0
    subscribed: tuple[str, ...] = ()  # feeds subscribed to, to hold restored articles


@dataclass(frozen=True, slots=True)
class ExportedArticle:
    """One article entry of a JSON export, checked and turned back into models."""

    article_id: str
    article: Article | None  # None when the export had no record of the article
    feed_title: str
    feed_url: str
    highlights: tuple[Highlight, ...]
    notes: tuple[Note, ...]


def load_export_bytes(raw: bytes) -> object:
    """Decode an export file's bytes as JSON; ExportFormatError (never a traceback) for
    anything else: bad UTF-8, bad JSON, huge numbers, NaN, nesting deeper than Python's
    recursion limit or a file over MAX_EXPORT_BYTES."""
    import json

    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportFormatError(f"the file is over {MAX_EXPORT_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(
            raw,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constant,
        )
    except RecursionError:
        raise ExportFormatError("not JSON a newsdesk export has: nested too deeply") from None
    except UnicodeDecodeError:
        raise ExportFormatError("not JSON: the file is not UTF-8 text") from None
    except ValueError as error:  # JSONDecodeError is one
        detail = " ".join(str(error).split())[:160]
        raise ExportFormatError(f"not JSON ({detail})") from None


def _bounded_int(text: str) -> int:
    if len(text) > _MAX_NUMBER_CHARS:
        raise ExportFormatError(f"a number with {len(text)} digits is not in any export")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > _MAX_NUMBER_CHARS:
        raise ExportFormatError(f"a number with {len(text)} characters is not in any export")
    return float(text)


def _no_constant(name: str) -> float:
    raise ExportFormatError(f"{name} is not a number a newsdesk export holds")


def parse_export(data: object) -> list[ExportedArticle]:
    """Check a decoded JSON export and return its entries; raise ExportFormatError if wrong.

    Checks everything before anything is written, so a bad file changes nothing.
    """
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise ExportFormatError(f'not a newsdesk export (no "{FORMAT_KEY}" key at the top)')
    version = data[FORMAT_KEY]
    if type(version) is not int or version != FORMAT_VERSION:  # `true == 1` in Python
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
    if not _ARTICLE_ID.fullmatch(article_id):
        raise ExportFormatError(f"{where}.id must be letters, digits, - or _ (at most 64)")
    feed = raw.get("feed")
    article: Article | None = None
    feed_title = feed_url = ""
    if feed is not None:
        if not isinstance(feed, dict):
            raise ExportFormatError(f"{where}.feed must be an object or null")
        feed_title = clean_line(
            _typed(feed.get("title", ""), str, f"{where}.feed.title"), MAX_TITLE_CHARS
        )
        feed_url = _typed(feed.get("url", ""), str, f"{where}.feed.url")
        feed_url = clean_text(feed_url) if feed_url == clean_text(feed_url) else ""
        article = _clean_article(_model(Article, raw, where, {}))
    highlights = tuple(
        _clean_highlight(
            _model(Highlight, h, f"{where}.highlights[{i}]", {"article_id": article_id})
        )
        for i, h in enumerate(_list(raw, "highlights", where))
    )
    notes = tuple(
        _clean_note(_model(Note, n, f"{where}.notes[{i}]", {"article_id": article_id}))
        for i, n in enumerate(_list(raw, "notes", where))
    )
    for label, items in (("highlight", highlights), ("note", notes)):
        if any(not _HEX_ID.fullmatch(item.id) for item in items):
            raise ExportFormatError(f"{where}: every {label} id must be hexadecimal")
    return ExportedArticle(article_id, article, feed_title, feed_url, highlights, notes)


def _clean_article(article: Article) -> Article:
    """The cleaning a feed's article gets on ingest, applied to an imported one."""
    tags = (clean_line(t, MAX_TAG_CHARS) for t in article.tags)
    return dataclasses.replace(
        article,
        guid=clean_text(article.guid),
        title=clean_line(article.title, MAX_TITLE_CHARS) or "(untitled)",
        link=safe_url(article.link, None, SAFE_SCHEMES),
        author=clean_line(article.author, MAX_AUTHOR_CHARS),
        tags=tuple(dict.fromkeys(t for t in tags if t)),
    )


def _clean_highlight(highlight: Highlight) -> Highlight:
    return dataclasses.replace(
        highlight,
        quote=clean_block(highlight.quote),
        prefix=clean_block(highlight.prefix),
        suffix=clean_block(highlight.suffix),
        kind=highlight.kind if highlight.kind in HIGHLIGHT_KINDS else "highlight",
        speaker=clean_line(highlight.speaker, MAX_SPEAKER_CHARS),
    )


def _clean_note(note: Note) -> Note:
    return dataclasses.replace(note, text=clean_block(note.text))


def subscribable(url: str) -> bool:
    """Whether an imported feed address may be subscribed to: http(s) only, so an import
    never makes the desk read /etc/passwd or a device."""
    return bool(url) and safe_url(url, None, OPENABLE_SCHEMES) == url


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
    choices = _LITERALS.get(base)
    if choices is not None:
        if _typed(value, str, where) not in choices:
            raise ExportFormatError(f"{where} must be one of {', '.join(choices)}")
        return value
    kind = {"str": str, "int": int, "bool": bool}.get(base)
    return value if kind is None else _typed(value, kind, where)


# the Literal aliases of the models, by the name their fields are annotated with
_LITERALS: dict[str, tuple[str, ...]] = {
    "HighlightKind": HIGHLIGHT_KINDS,
    "FeedStatus": FEED_STATUSES,
    "ClaimStatus": CLAIM_STATUSES,
}


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
    added_h = added_n = skipped = missing = unrestored = 0
    subscribed: list[str] = []
    for entry in entries:
        target = store.article(entry.article_id)
        known_feed = store.feed_by_url(entry.feed_url) if entry.feed_url else None
        if (
            target is None
            and entry.article is not None
            and (known_feed is not None or subscribable(entry.feed_url))
        ):
            feed = known_feed or store.add_feed(entry.feed_url, entry.feed_title)
            if known_feed is None:
                subscribed.append(feed.url)
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
            unrestored += 1  # nothing to rebuild it from: the annotations keep its id
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
    return ImportReport(added_h, added_n, skipped, missing, unrestored, tuple(subscribed))


def _merge_tags(store: Store, article: Article, tags: Iterable[str]) -> None:
    new = [t for t in tags if t not in article.tags]
    if new:
        store.set_tags(article.id, (*article.tags, *new))
