"""Provides decoding of a web page's bytes to text: BOM, HTTP charset, <meta>, then a default.

Pages lie about their encoding often enough that every declared label is tried strictly
first; a label Python does not know, or one the bytes do not fit, falls through to the next
source. UTF-8 is the exception: a UTF-8 page with a few stray bytes of another encoding (a
pasted comment, one alt text) is still UTF-8, as a browser shows it, when its valid
multi-byte characters outnumber the bad bytes; each of those becomes U+FFFD. The last resort
(UTF-8, then windows-1252, which maps every byte) cannot fail.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels mean windows-1252 in a browser; ASCII pages are decoded the same way
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "x-user-defined": "windows-1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_PRESCAN = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the Python codec name that decoded it
    source: str  # "bom", "http", "meta" or "default"


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def charset_from_meta(data: bytes) -> str | None:
    """The charset a <meta charset> or http-equiv Content-Type declares near the start."""
    match = _META_CHARSET.search(data[:_PRESCAN])
    return match.group(1).decode("ascii", "replace") if match else None


def codec_for(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when the label is unknown or unsafe."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # utf-16/32 declared without a BOM is almost always a lie (a page saved as UTF-8);
    # the "text" codecs below would also happily decode the markup as something else
    if info.name.startswith(("utf-16", "utf-32")) or info.name in (
        "rot-13",
        "base64",
        "hex",
        "zlib",
        "bz2",
        "uu",
        "quopri",
    ):
        return "utf-8"
    try:
        codecs.getincrementaldecoder(info.name)
    except (LookupError, TypeError):
        return None
    return info.name


def decode_page(data: bytes, content_type: str | None = None) -> Decoded:
    """Text of an HTML page: BOM, then the HTTP charset, then <meta>, then UTF-8/windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(name), name, "bom")
            except UnicodeDecodeError:
                break
    for source, label in (
        ("http", charset_from_content_type(content_type)),
        ("meta", charset_from_meta(data)),
    ):
        codec = codec_for(label)
        if codec is None:
            continue
        try:
            return Decoded(data.decode(codec), codec, source)
        except (UnicodeDecodeError, LookupError):
            text = _mostly_utf8(data) if codec == "utf-8" else None
            if text is not None:
                return Decoded(text, codec, source)
            continue  # the declaration lies: the bytes are not in that encoding
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "default")
    except UnicodeDecodeError:
        text = _mostly_utf8(data)
        if text is not None:
            return Decoded(text, "utf-8", "default")
        return Decoded(data.decode("windows-1252", "replace"), "windows-1252", "default")


def _mostly_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 with its bad bytes replaced, if its valid multi-byte characters
    outnumber them: text in a single-byte encoding almost never forms valid UTF-8
    sequences (é alone is a bad byte), a UTF-8 page is made of them."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return text if good > bad else None
