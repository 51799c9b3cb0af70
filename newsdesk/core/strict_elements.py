"""Provides the element rules the strict RSS and Atom readers share, each as feedparser reads.

Bail is how a reader gives up; tag_of matches names as feedparser does, plain_text reads a
text element, check_extension says which foreign elements are safe to skip. Where a rule
cannot mirror feedparser it raises Bail, so the forgiving path reads the feed instead.
"""

from __future__ import annotations

from lxml import etree

from newsdesk.core.feed_namespaces import FP_NAMESPACES, FP_PREFIXES, MEDIA, SAFE_EXT
from newsdesk.core.feedraw import fix_text

MEDIA_TEXT = frozenset(f"{{{ns}}}{n}" for ns in MEDIA for n in ("title", "description", "text"))


class Bail(Exception):
    """The strict path does not model this feed exactly; feedparser reads it."""


def tag_of(el: etree._Element) -> str:
    """The element's tag with its local name lower-cased, as feedparser matches names.
    A feed repeats a dozen names thousands of times: each is worked out once (`_TAGS`)."""
    tag = el.tag
    found = _TAGS.get(tag)
    if found is not None:
        return found
    if not isinstance(tag, str):
        return ""
    ns, brace, local = tag.rpartition("}")
    found = f"{ns}{brace}{local.lower()}"
    if len(_TAGS) < _TAGS_KEPT:  # a hostile feed's endless new names are not kept
        _TAGS[tag] = found
    return found


_TAGS: dict[str, str] = {}
_TAGS_KEPT = 4096


def plain_text(el: etree._Element) -> str:
    if len(el):
        raise Bail  # markup inside a text element: feedparser re-serialises it its own way
    return fix_text((el.text or "").strip())


def check_extension(el: etree._Element, core: str) -> None:
    """Bail unless feedparser would ignore this element for every field we read."""
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag in SAFE_EXT:
        if tag.endswith(("}group", "}content")):
            for child in el:
                check_extension(child, core)
        return
    ns, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
    if ns.lower() in FP_NAMESPACES or ns == core or not ns:
        raise Bail
    if el.prefix is None or el.prefix.lower() in FP_PREFIXES:
        raise Bail
