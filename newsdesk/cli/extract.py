"""Provides `newsdesk extract`: the full article of web pages or local HTML files, no desk needed.

The work is the desk layer's (`newsdesk.desk.extraction`); this module prints. Every string
printed passes `plain()`: no control, escape or bidi sequence reaches
the terminal. A failed page still gets its line (or its message on stderr) and exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from newsdesk.cli.common import plain


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `extract` to the top-level subcommands."""
    extract = commands.add_parser(
        "extract",
        help="print the full article of web pages or local HTML files",
        description="Fetch each page (or read each local HTML file) and print its article: "
        "title, author, date and text, with navigation and other boilerplate removed. "
        "Does not touch the desk.",
    )
    extract.add_argument("sources", nargs="+", metavar="URL_OR_FILE", help="pages to extract")
    extract.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line, in input order: url, title, author, published, "
        "text, html, extractor, error",
    )
    extract.add_argument(
        "--format",
        choices=("text", "md", "html"),
        default="text",
        help="how the article body is printed (default text)",
    )
    extract.set_defaults(handler=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    from newsdesk.desk.extraction import extract_sources

    results = asyncio.run(extract_sources(list(args.sources)))
    failed = 0
    for index, result in enumerate(results):
        if result.error is not None:
            failed += 1
        if args.json:
            print(json.dumps(_as_json(result), ensure_ascii=False))
        elif result.article is None:
            print(f"newsdesk: {plain(result.url)}: {plain(result.error)}", file=sys.stderr)
        else:
            if index and any(r.ok for r in results[:index]):
                print("\n" + "-" * 72 + "\n")
            print(_as_text(result, args.format))
    return 1 if failed else 0


def _as_json(result: Any) -> dict[str, Any]:
    article = result.article
    if article is None:
        return {
            "url": plain(result.url),
            "title": None,
            "author": None,
            "published": None,
            "text": None,
            "html": None,
            "extractor": None,
            "error": plain(result.error),
        }
    return {
        "url": plain(result.url),
        "title": article.title,
        "author": article.author or None,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "html": plain(article.html),
        "extractor": article.extractor,
        "error": None,
    }


def _as_text(result: Any, form: str) -> str:
    """The article as text, Markdown or HTML. The page's own words are inert in each: in
    Markdown its title and byline are escaped (a title such as `[x](javascript:…)` was a
    live link), in HTML they are escaped too; a body that opens with the title as its own
    heading is not given a second one."""
    import html as html_module

    from newsdesk.core.export import md_inline
    from newsdesk.core.pagetext import fragment_text

    article = result.article
    title = article.title or "(untitled)"
    byline = " · ".join(
        part
        for part in (
            article.author,
            article.published.strftime("%Y-%m-%d %H:%M UTC") if article.published else "",
            plain(result.url),
        )
        if part
    )
    if form == "html":
        body = plain(article.html)
        meta = f"<p>{html_module.escape(byline)}</p>"
        end = body.find("</h1>") + len("</h1>") if body.lstrip().startswith("<h1") else 0
        if not end:
            return f"<h1>{html_module.escape(title)}</h1>{meta}\n{body}"
        return f"{body[:end]}{meta}{body[end:]}"  # after the page's own title
    if form == "md":
        body = fragment_text(article.html, markdown=True)
        first, _, rest = body.partition("\n")
        if first.startswith("# "):  # the page's title, escaped by the converter
            return "\n".join([first, f"*{md_inline(byline)}*", "", rest.lstrip("\n")])
        return "\n".join([f"# {md_inline(title)}", f"*{md_inline(byline)}*", "", body])
    return "\n".join([title, byline, "", article.text])
