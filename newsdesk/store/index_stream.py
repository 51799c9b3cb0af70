"""Provides the desk file read as a stream: the article index parsed a slice at a time.

Parsed whole, a 250,000-article desk file (80 MB of JSON) becomes a dict and a dozen objects
per article all at once, several hundred megabytes at the peak, before any of it turns into
the records lists read. The engine writes the articles table last and says so in the meta
record (`LAYOUT`), so the file can be read in order: everything before the table is parsed
as one small object, then the table in slices of about a quarter of a megabyte, cut between
documents, each handed over and let go before the next is read. (Megabyte slices left the
C heap ~5 MB larger at the peak at 50,000 articles, their thousands of documents freed a
slice at a time, and loaded 250,000 articles a quarter slower: the smaller slice stays in
the processor's cache.)

A cut is made only before `"<digits>":{` that follows `},` outside any string (inside a JSON
string a quote is always escaped), so every slice is whole documents. A file this cannot
follow (written by an older newsdesk, by hand, with spaces) is parsed whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from newsdesk.store.desk_file import check_desk, load_desk, meta_record, unreadable

INDEX = "articles"  # the table streamed; it is written last
LAYOUT = "index-last"  # meta["layout"] of a file whose articles table is its last
BLOCK = 1 << 18  # bytes read at a time
_KEY = b',"' + INDEX.encode() + b'":{'
_CUT = re.compile(rb'\},"\d+":\{')

Slices = Iterator[dict[str, Any]]


def read_desk(path: Path) -> tuple[dict[str, Any], Slices]:
    """The desk's tables except the index, and the index's documents ({doc id: doc}) in
    slices. The slices are read from the file as they are taken: take them all before
    using the tables, since a file that turns out not to be in order is then read whole
    and its other tables are put into the dict returned here."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise unreadable(path, error) from error
    try:
        head, rest = _prefix(handle)
    except OSError as error:
        handle.close()
        raise unreadable(path, error) from error
    if head is None or layout_of(head) != LAYOUT:
        handle.close()
        tables, index = _whole_file(path)
        return tables, whole(index)
    check_desk(head, path)
    return head, _slices(path, handle, rest, head)


def layout_of(data: dict[str, Any]) -> object:
    record = meta_record(data)
    return record.get("layout") if record is not None else None


def _whole_file(path: Path) -> tuple[dict[str, Any], object]:
    """The file parsed whole, as every release before this layout read it: its tables
    but the index, and the index."""
    tables = load_desk(path)
    return tables, tables.pop(INDEX, {})


def _prefix(handle: BinaryIO) -> tuple[dict[str, Any] | None, bytearray]:
    """The tables before the index, parsed, and the bytes read past its opening brace; None
    when no top-level index key is found (it is found at the top level exactly when what
    comes before it, closed with a brace, parses)."""
    buf = bytearray()
    start = 0
    while True:
        found = buf.find(_KEY, start)
        if found >= 0:
            try:
                head = orjson.loads(bytes(buf[:found]) + b"}")
            except orjson.JSONDecodeError:
                start = found + 1  # inside a value (a setting may hold that text): go on
                continue
            if isinstance(head, dict):
                return head, buf[found + len(_KEY) :]
            return None, buf
        block = handle.read(BLOCK)
        if not block:
            return None, buf
        start = max(start, len(buf) - len(_KEY))  # the key may straddle the two reads
        buf += block


def whole(table: object) -> Slices:
    yield _table(table)  # checked as it is taken, where a damaged record is reported


def _slices(path: Path, handle: BinaryIO, buf: bytearray, data: dict[str, Any]) -> Slices:
    try:
        with handle:
            while True:
                block = handle.read(BLOCK)
                if not block:
                    break
                buf += block
                cut = _last_cut(buf)
                if cut is not None:
                    yield _parse(bytes(buf[: cut + 1]))
                    del buf[: cut + 2]  # the slice and the comma after it
            tail = bytes(buf).rstrip()
            if not tail.endswith(b"}}"):  # the table's brace, then the file's
                raise ValueError("the index is not the last table")
            yield _parse(tail[:-2])
    except (OSError, ValueError, orjson.JSONDecodeError):
        # not in the order the meta record says (an older newsdesk wrote it after this one):
        # read it whole; slices already taken come again in it, which a dict by id absorbs
        tables, index = _whole_file(path)
        data.clear()
        data.update(tables)
        yield _table(index)


def _last_cut(buf: bytearray) -> int | None:
    """Where the last whole document in `buf` ends (the `}` before `,"<digits>":{`)."""
    end = len(buf)
    while True:
        at = buf.rfind(b'},"', 0, end)
        if at < 0:
            return None
        if _CUT.match(buf, at):
            return at
        end = at


def _parse(body: bytes) -> dict[str, Any]:
    """One slice of documents, given without the braces around them."""
    table = orjson.loads(b"{" + body + b"}")
    return _table(table)


def _table(table: object) -> dict[str, Any]:
    if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
        raise ValueError("the index is not a table of documents")
    return table
