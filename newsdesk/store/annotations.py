"""Provides AnnotationTable, the one implementation behind highlights and notes, and the
small helpers every record table uses (lookup that raises NotFoundError, update fields)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from tinydb.table import Document, Table

from newsdesk.core.errors import NotFoundError
from newsdesk.core.models import Highlight, Note
from newsdesk.core.ports import KEEP
from newsdesk.store.records import changes_to_doc, doc_id, from_doc, random_key, to_doc

A = TypeVar("A", Highlight, Note)


class AnnotationTable(Generic[A]):
    """One annotation table (highlights or notes): documents and models kept in step."""

    def __init__(
        self, table: Table, cls: type[A], docs: dict[str, Any], order: Callable[[A], Any]
    ) -> None:
        self.table = table
        self.what = cls.__name__.lower()
        self.order: Callable[[A], Any] = order
        self.by_id: dict[str, A] = {d["id"]: from_doc(cls, d) for d in docs.values()}

    def list(self, article_id: str | None) -> list[A]:
        found = [a for a in self.by_id.values() if article_id is None or a.article_id == article_id]
        return sorted(found, key=self.order)

    def add(self, record: A) -> A:
        if not record.id:
            record = dataclasses.replace(record, id=random_key())
        self.table.upsert(Document(to_doc(record), doc_id=doc_id(record.id)))
        self.by_id[record.id] = record
        return record

    def update(self, record_id: str, changes: dict[str, Any]) -> A:
        old = require(self.by_id, record_id, self.what)
        self.table.update(changes_to_doc(changes), doc_ids=[doc_id(record_id)])
        new = self.by_id[record_id] = dataclasses.replace(old, **changes)
        return new

    def remove(self, record_id: str) -> None:
        require(self.by_id, record_id, self.what)
        self.table.remove(doc_ids=[doc_id(record_id)])
        del self.by_id[record_id]


M = TypeVar("M")


def require(records: Mapping[str, M], key: str, what: str) -> M:
    try:
        return records[key]
    except KeyError:
        raise NotFoundError(f"No {what} with id {key}.") from None


def given(**fields: Any) -> dict[str, Any]:
    """The fields of an update that were given, i.e. not left at KEEP."""
    return {name: value for name, value in fields.items() if value is not KEEP}
