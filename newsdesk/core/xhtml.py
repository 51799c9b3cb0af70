"""Provides Atom XHTML content serialised as feedparser does, so both parse paths agree.

Text is escaped, attributes quoted, void elements self-closed (`</br>` would read as a second
<br> in HTML), and the one wrapping <div> of Atom 1.0 dropped.
"""

from __future__ import annotations

from html import escape
from typing import Any

XHTML = "http://www.w3.org/1999/xhtml"


def xhtml_inner(el: Any, strip_div: bool) -> str:
    """The element's content as XHTML text (`el` is an lxml element)."""
    children = [c for c in el if isinstance(c.tag, str)]
    if (
        strip_div
        and len(children) == 1
        and children[0].tag == f"{{{XHTML}}}div"
        and not (el.text or "").strip()
        and not (children[0].tail or "").strip()
    ):
        el = children[0]
    parts = [escape(el.text or "", quote=False)]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_xhtml_element(child))
        parts.append(escape(child.tail or "", quote=False))
    return "".join(parts)


_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)


def _xhtml_element(el: Any) -> str:
    name = _local(el.tag).lower()
    attrs = "".join(f' {_local(k)}="{escape(v)}"' for k, v in el.attrib.items())
    if name in _VOID:
        return f"<{name}{attrs} />"  # `</br>` would read as a second <br> in HTML
    return f"<{name}{attrs}>{xhtml_inner(el, strip_div=False)}</{name}>"


def _local(name: str) -> str:
    return name.rpartition("}")[2]
