"""Provides `newsdesk stories`: the events several outlets covered, for scripts and pipes."""

from __future__ import annotations

import argparse
import json

from newsdesk.cli.common import desk_for, out, positive_int
from newsdesk.core.sanitize import clean_line


def register(commands: argparse._SubParsersAction) -> None:
    """Add `stories` to the top-level subcommands."""
    parser = commands.add_parser(
        "stories",
        help="list stories: one event covered by several outlets",
        description="List stories (the same event reported by several feeds), most outlets "
        "and newest first, one block per story: outlets and headline, then its articles. "
        "A desk never grouped is grouped first (read-only: the grouping is not saved).",
    )
    parser.add_argument("--json", action="store_true", help="one JSON document")
    parser.add_argument(
        "--min-outlets",
        metavar="N",
        type=positive_int,
        default=2,
        help="only stories covered by at least N feeds (default 2)",
    )
    parser.add_argument(
        "--since", metavar="DAYS", type=positive_int, help="only stories with news in DAYS days"
    )
    parser.set_defaults(handler=cmd_stories)


def cmd_stories(args: argparse.Namespace) -> int:
    with desk_for(args, readonly=True, must_exist=True) as desk:
        rows = desk.story_rows(args.min_outlets, args.since)
        titles = {f.id: f.display_title for f in desk.feeds()}

    def feed_title(feed_id: str) -> str:
        return titles.get(feed_id, feed_id)

    stream = out(args)
    if args.json:
        doc = {"stories": [row.as_dict(feed_title) for row in rows]}
        stream.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        stream.write(f"No story covered by {args.min_outlets} or more outlets.\n")
        return 0
    for number, row in enumerate(rows):
        if number:
            stream.write("\n")
        outlets = ", ".join(clean_line(o) for o in row.outlets)
        stream.write(f"◆{len(row.outlets)} {clean_line(row.title)}\n   {outlets}\n")
        for article in row.articles:
            when = article.published.strftime("%Y-%m-%d %H:%M")
            stream.write(
                f"   {article.id}  {when}  {clean_line(feed_title(article.feed_id))}: "
                f"{clean_line(article.title)}\n"
            )
    return 0
