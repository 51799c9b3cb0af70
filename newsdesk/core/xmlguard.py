"""Provides the XML entity guard and a prolog reader shared by every XML path (feeds, OPML).

Entity declarations are how billion-laughs, quadratic-blowup and XXE documents attack, and
they can only live in the DOCTYPE of the prolog. Looking there alone (not at the whole
document) lets a feed quote `<!ENTITY` inside an item's CDATA and still be read.
"""

from __future__ import annotations

import re

from newsdesk.core.errors import ParseError

_ENTITY_ASCII = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTITY_WIDE = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-7", "cp037")
)
_SPACE = re.compile(rb"[ \t\r\n]*")
# inside a DOCTYPE: quoted literals and comments are skipped whole, brackets and `>` counted
_DOCTYPE_TOKEN = re.compile(rb"<!--|[\"'\[\]>]")
_MAX_DOCTYPE = 256 * 1024  # a longer DOCTYPE is not read: the document is checked whole
_NAME_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_ROOT_NAME = re.compile(rb"<([A-Za-z_:][-A-Za-z0-9_:.]*)")


class Prolog:
    """What precedes the root element: the DOCTYPE's bytes (b"" if none) and where the root
    element starts."""

    __slots__ = ("doctype", "root_start")

    def __init__(self, doctype: bytes, root_start: int) -> None:
        self.doctype = doctype
        self.root_start = root_start

    def root_name(self, data: bytes) -> str:
        match = _ROOT_NAME.match(data, self.root_start)
        return match.group(1).decode("ascii") if match else ""


def read_prolog(data: bytes) -> Prolog | None:
    """The prolog of an ASCII-compatible XML document; None when it cannot be told apart
    (another encoding, an unterminated comment or DOCTYPE, text before the root)."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    doctype = b""
    while True:
        space = _SPACE.match(data, pos)
        pos = space.end() if space else pos
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                return None
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            end = _doctype_end(data, pos + 9)
            if end < 0 or doctype:
                return None
            doctype = data[pos:end]
            pos = end
        elif _NAME_START.match(data, pos):
            return Prolog(doctype, pos)
        else:
            return None


def _doctype_end(data: bytes, pos: int) -> int:
    """Where the DOCTYPE starting before `pos` ends (after its `>`), or -1. Linear: each
    literal or comment is skipped with one find, and an unterminated one ends the scan."""
    depth = 0
    limit = pos + _MAX_DOCTYPE
    while pos < limit:
        token = _DOCTYPE_TOKEN.search(data, pos, limit)
        if token is None:
            return -1
        mark = token.group()
        if mark in (b'"', b"'", b"<!--"):
            end = data.find(b"-->" if mark == b"<!--" else mark, token.end())
            if end < 0:
                return -1
            pos = end + (3 if mark == b"<!--" else 1)
            continue
        pos = token.end()
        if mark == b"[":
            depth += 1
        elif mark == b"]":
            depth -= 1
        elif depth <= 0:
            return pos
    return -1


def refuse_entities(data: bytes) -> None:
    """Raise ParseError when the document declares entities (in its DOCTYPE); a document
    whose prolog cannot be read is checked whole, as before."""
    prolog = read_prolog(data)
    if prolog is not None:
        if _ENTITY_ASCII.search(prolog.doctype):
            raise _refused()
        return
    if _ENTITY_ASCII.search(data) or any(mark in data for mark in _ENTITY_WIDE):
        raise _refused()


def _refused() -> ParseError:
    return ParseError("Feed refused: it declares XML entities (the shape of an XML bomb)")
