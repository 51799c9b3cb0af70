"""Provides the mapping between stored JSON documents and the frozen models."""

from __future__ import annotations

import dataclasses
import sys
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from newsdesk.core.enclosure import Enclosure, enclosure
from newsdesk.core.models import Article, Feed, Highlight, Note
from newsdesk.core.ports import ArticleInput

try:  # the interpreter's own SHA-1: ~0.5 ms to load where hashlib (OpenSSL) takes ~1.5,
    # and the first frame makes keys (a setting's) before it could do without
    from _sha1 import sha1  # type: ignore[import-not-found]
except ImportError:  # an interpreter built without it
    from hashlib import sha1

KEY_LENGTH = 15  # hex digits: 60 bits, an exact int in every JSON reader

M = TypeVar("M", Feed, Article, Highlight, Note)

_DATE_FIELDS = {"published", "updated", "fetched", "created", "last_fetched", "added"}
_TUPLE_FIELDS = {"tags"}


def stable_key(*parts: str) -> str:
    """A key that is the same on every machine and every run for the same parts."""
    digest = sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:KEY_LENGTH]


def random_key() -> str:
    import secrets  # (hmac and hashlib with it: only a new note or highlight needs one)

    return secrets.token_hex(8)[:KEY_LENGTH]


_HEX = frozenset("0123456789abcdef")


def doc_id(key: str) -> int:
    """TinyDB's int id for a key; keys not made here (imported ids) are hashed first."""
    if 0 < len(key) <= KEY_LENGTH and set(key) <= _HEX:
        return int(key, 16)
    return int(stable_key("id", key), 16)


def to_doc(model: Feed | Article | Highlight | Note) -> dict[str, Any]:
    """The stored form. Article fields at their default are left out: that keeps 50,000
    index records (and the dicts holding them in memory) small."""
    if type(model) is Article:
        return article_doc(model)
    return fields_doc(model)


def fields_doc(model: Feed | Article | Highlight | Note) -> dict[str, Any]:
    """to_doc by reflection over the dataclass fields (the reference article_doc keeps to)."""
    doc: dict[str, Any] = {}
    compact = isinstance(model, Article)
    for f in dataclasses.fields(model):
        value = getattr(model, f.name)
        if compact and f.default is not dataclasses.MISSING and value == f.default:
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        doc[f.name] = value
    return doc


def article_doc(a: Article) -> dict[str, Any]:
    """fields_doc(a) written out, fields in the same order: 1 us instead of 5 (a refresh of
    200 new feeds stores 10,000 articles); tests check the two agree on every field."""
    doc: dict[str, Any] = {"id": a.id, "feed_id": a.feed_id, "guid": a.guid, "title": a.title}
    if a.link != "":
        doc["link"] = a.link
    if a.author != "":
        doc["author"] = a.author
    doc["published"] = a.published.isoformat()
    if a.updated is not None:
        doc["updated"] = a.updated.isoformat()
    if a.read is not False:
        doc["read"] = a.read
    if a.starred is not False:
        doc["starred"] = a.starred
    if a.tags != ():
        doc["tags"] = list(a.tags)
    doc["fetched"] = a.fetched.isoformat()
    if a.has_full is not False:
        doc["has_full"] = a.has_full
    if a.show_full is not False:
        doc["show_full"] = a.show_full
    return doc


def from_doc(cls: type[M], doc: dict[str, Any]) -> M:
    names = _field_names(cls)
    values: dict[str, Any] = {}
    for name, value in doc.items():
        if name not in names:
            continue  # fields from a newer schema are kept on disk, ignored here
        if name in _DATE_FIELDS and isinstance(value, str):
            value = datetime.fromisoformat(value)
        elif name in _TUPLE_FIELDS and isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return cls(**values)


class _ArticleLoader:
    """Fills an Article's slots directly, then becomes an Article.

    The frozen dataclass __init__ sets each field through object.__setattr__ (5 us an
    article: 0.25 s of a 50,000-article start-up); plain slot stores take a tenth of that.
    The layouts match because the slots are the same names in the same order.
    """

    __slots__ = Article.__slots__

    def __init__(self, doc: dict[str, Any]) -> None:
        self.id = doc["id"]
        self.feed_id = doc["feed_id"] = sys.intern(doc["feed_id"])  # one copy per feed
        author = doc.get("author", "")
        self.author = doc["author"] = sys.intern(author) if author else ""
        self.link = link = doc.get("link", "")
        guid = doc["guid"]
        self.guid = link if guid == link else guid  # many feeds' guid is the link: one copy
        self.title = doc["title"]
        self.published = _fromiso(doc["published"])
        updated = doc.get("updated")
        self.updated = _fromiso(updated) if updated else None
        self.read = doc.get("read", False)
        self.starred = doc.get("starred", False)
        tags = doc.get("tags")
        self.tags = tuple(tags) if tags else ()
        self.fetched = _fetched(doc["fetched"])
        self.has_full = doc.get("has_full", False)
        self.show_full = doc.get("show_full", False)
        self.__class__ = Article  # type: ignore[assignment]


def article_from_doc(doc: dict[str, Any]) -> Article:
    """from_doc for the hot path: 50,000 of these run at start-up."""
    return _ArticleLoader(doc)  # type: ignore[return-value]


_fromiso = datetime.fromisoformat
# a refresh stamps all its new articles with one time: one datetime for them all
_fetched = lru_cache(maxsize=1024)(_fromiso)
_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def changes_to_doc(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def body_doc(key: str, item: ArticleInput, stored: object) -> dict[str, Any]:
    """An article's shard record: body, teaser and, for a podcast episode, its enclosures
    as [url, type, length] lists. The key is left out when there are none, so records
    written before enclosures were kept compare equal; it is written empty when the stored
    record has some the feed no longer lists (a shard update merges keys)."""
    doc: dict[str, Any] = {"id": key, "html": item.body, "summary": item.summary}
    if item.enclosures:
        doc["enclosures"] = [[e.url, e.type, e.length] for e in item.enclosures]
    elif isinstance(stored, dict) and stored.get("enclosures"):
        doc["enclosures"] = []
    return doc


def enclosures_from_doc(doc: dict[str, Any] | None) -> list[Enclosure]:
    """The enclosures of a shard record; damaged entries (hand-edited shards) are skipped."""
    found: list[Enclosure] = []
    raw = doc.get("enclosures") if doc is not None else None
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, list) and len(entry) == 3:
            url, mime, length = entry
            item = enclosure(
                url if isinstance(url, str) else None,
                mime if isinstance(mime, str) else None,
                length if isinstance(length, int) and length >= 0 else None,
            )
            if item is not None:
                found.append(item)
    return found
