"""Provides the bounded preparation of a web page's HTML and the plain text of a clean fragment.

`prepare_tree` is what every extractor is handed: parsed once, scripts, frames and forms
gone, nesting flattened below MAX_DEPTH and the element count capped, so a hostile page
cannot make an extractor recurse or crawl without end. `fragment_text` is how the clean
article HTML becomes the text the CLI prints and the desk anchors highlights in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsdesk.core.errors import ExtractError
from newsdesk.core.sanitize import safe_url, strip_controls

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_DEPTH = 80  # deeper elements are flattened to their text; real articles nest < 40
MAX_ELEMENTS = 60_000  # a long article page has 2,000-8,000
# elements no extractor needs, dropped with their content before extraction. <noscript>
# stays: some sites put the whole article there for readers without scripts, and
# trafilatura's rescue passes read it (lxml parses its content as markup, which the
# drops below and the sanitiser then treat like the rest of the page)
_DROP = (
    "style",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "canvas",
    "svg",
    "math",
    "input",
    "button",
    "select",
    "textarea",
    "link",
    "base",
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.I)
# bidi embeddings, overrides and isolates reorder what a terminal shows: never printed
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_BLOCK = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 ul ol blockquote pre table figure "
    "figcaption caption dl hr header footer main aside".split()
)
_LINE = frozenset({"li", "tr", "dt", "dd"})


def prepare_tree(text: str, url: str = "") -> HtmlElement:
    """The page parsed, stripped of scripts/frames/forms, flattened and size-checked.

    Links are made absolute against `url`, and ones that are not http(s)/mailto are
    removed here, so no extractor ever sees (or rewrites) a `javascript:` address.
    """
    from lxml import etree
    from lxml import html as lhtml

    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ExtractError("The page is empty")
    # huge_tree lifts libxml2's silent cut at depth 256 (text below it was lost); the input is
    # already size-capped, and _bound() flattens what is deeper than MAX_DEPTH
    parser = lhtml.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lhtml.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"The page is not readable HTML: {error}") from None
    _drop_scripts(root)  # JSON-LD stays: the author and date often live there
    etree.strip_elements(root, *_DROP, with_tail=False)
    _bound(root)
    _check_links(root, url)
    return root


def _check_links(root: HtmlElement, url: str) -> None:
    base = url if url.lower().startswith(("http://", "https://")) else None
    for element in root.iter("a", "img", "area", "source"):
        for attr in ("href", "src"):
            value = element.get(attr)
            if value is None:
                continue
            safe = safe_url(value, base)
            if safe:
                element.set(attr, safe)
            else:
                del element.attrib[attr]
        for attr in [a for a in element.attrib if a.lower().startswith("on")]:
            del element.attrib[attr]


def _drop_scripts(root: HtmlElement) -> None:
    for script in list(root.iter("script")):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            parent = script.getparent()
            if parent is not None:
                tail = script.tail
                script.tail = None
                _keep_tail(script, tail)
                parent.remove(script)


def _keep_tail(element: HtmlElement, tail: str | None) -> None:
    if not tail:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent = element.getparent()
        if parent is not None:
            parent.text = (parent.text or "") + tail


def _bound(root: HtmlElement) -> None:
    """Flatten subtrees deeper than MAX_DEPTH; refuse pages with more than MAX_ELEMENTS."""
    from lxml import etree

    too_deep = []
    depth = count = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if count > MAX_ELEMENTS:
            raise ExtractError(f"The page is too complex to extract (over {MAX_ELEMENTS} elements)")
        if depth >= MAX_DEPTH and len(element):
            too_deep.append(element)
            walker.skip_subtree()
    for element in too_deep:
        flat = element.text_content()
        tail = element.tail
        for child in list(element):
            element.remove(child)
        element.text = flat
        element.tail = tail


def plain(text: str | None) -> str:
    """Text that may reach a terminal: no controls, escapes or bidi reordering."""
    if not text:
        return ""
    return _BIDI.sub("", strip_controls(text))


def fragment_text(fragment: str, markdown: bool = False) -> str:
    """Plain text of clean article HTML: blank lines between blocks, "- " before list items.

    With `markdown`, headings, emphasis, links, images, quotes and code keep their marks.
    """
    from lxml import etree
    from lxml import html as lhtml

    if not fragment.strip():
        return ""
    try:
        root = lhtml.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    out = _Writer(markdown)
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            out.open(tag, element)
        else:
            out.close(tag, element)
            if element is not root:
                out.add(element.tail)
    # folded text starts a line with at most one space; more is a <pre> block's indentation
    lines = [_unindent(line.rstrip()) for line in "".join(out.parts).split("\n")]
    if markdown:  # a quote's blank separator lines carry only its markers
        lines = ["" if _QUOTE_ONLY.fullmatch(line) else line for line in lines]
    return plain(_BLANKS.sub("\n\n", "\n".join(lines)).strip())


class _Writer:
    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.parts: list[str] = []
        self.pre = 0
        self.quote = 0

    def add(self, value: str | None) -> None:
        if not value:
            return
        if self.pre:
            self.parts.append(value)
            return
        text = _SPACES.sub(" ", value.replace("\n", " "))
        if self.md:
            text = _MD_SPECIAL.sub(r"\\\g<0>", text)
        self.parts.append(text)

    def newline(self, blank: bool) -> None:
        self.parts.append("\n\n" if blank else "\n")
        if self.md and self.quote:
            self.parts.append("> " * self.quote)

    def open(self, tag: str, element: HtmlElement) -> None:
        if tag == "blockquote":
            self.quote += 1
        if tag in _BLOCK:
            self.newline(True)
        elif tag in _LINE:
            self.newline(False)
        if tag == "li":
            self.parts.append("- ")
        elif tag == "br":
            self.newline(False)
        elif tag in ("td", "th") and element.getprevious() is not None:
            if self.parts and self.parts[-1].endswith(" "):
                self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append(" | ")
        if tag == "pre":
            self.pre += 1
            if self.md:
                self.parts.append("```\n")
        if self.md:
            self._open_md(tag, element)
        if not (self.md and tag == "img"):
            self.add(element.text)

    def _open_md(self, tag: str, element: HtmlElement) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.parts.append("#" * int(tag[1]) + " ")
        elif tag in ("strong", "b"):
            self.parts.append("**")
        elif tag in ("em", "i"):
            self.parts.append("*")
        elif tag == "code" and not self.pre:
            self.parts.append("`")
        elif tag == "a" and element.get("href"):
            self.parts.append("[")
        elif tag == "img":
            alt = _SPACES.sub(" ", element.get("alt") or "").strip()
            self.parts.append(f"![{_md_label(alt)}]({_md_url(element.get('src') or '')})")

    def close(self, tag: str, element: HtmlElement) -> None:
        if tag == "pre":
            self.pre -= 1
            if self.md:
                self.parts.append("\n```")
        if self.md:
            if tag in ("strong", "b"):
                self.parts.append("**")
            elif tag in ("em", "i"):
                self.parts.append("*")
            elif tag == "code" and not self.pre:
                self.parts.append("`")
            elif tag == "a":
                href = element.get("href") or ""
                self.parts.append(f"]({_md_url(href)})" if href else "]")
        if tag == "blockquote":
            self.quote -= 1
        if tag in _BLOCK:
            self.newline(True)


_QUOTE_ONLY = re.compile(r"(?:> ?)+")
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>]")


def _md_label(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\g<0>", text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _unindent(line: str) -> str:
    return line[1:] if line.startswith(" ") and not line.startswith("  ") else line
