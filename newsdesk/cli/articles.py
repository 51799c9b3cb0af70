"""Provides `articles`, `show` and `mark`: the desk for scripts, macros and pipes."""

from __future__ import annotations

import argparse
import json
import sys

from newsdesk.cli.common import desk_for, err, out, positive_int
from newsdesk.core.errors import NotFoundError


def register(commands: argparse._SubParsersAction) -> None:
    """Add `articles`, `show` and `mark` to the top-level subcommands."""
    listing = commands.add_parser(
        "articles",
        help="list articles, newest first",
        description="List articles newest first, one per line: id, N for unread, * for "
        "starred, date, feed and title. Filters combine.",
    )
    listing.add_argument("--feed", metavar="URL|ID", help="only the feed with this URL or id")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--starred", action="store_true", help="only starred articles")
    listing.add_argument("--tag", metavar="T", help="only articles (or feeds) tagged T")
    listing.add_argument(
        "--since", metavar="DAYS", type=positive_int, help="only the last DAYS days"
    )
    listing.add_argument("--limit", metavar="N", type=positive_int, help="at most N articles")
    listing.add_argument("--json", action="store_true", help="one JSON object per line per article")
    listing.set_defaults(handler=cmd_articles)

    show = commands.add_parser(
        "show",
        help="print one article",
        description="Print one article as the reader renders it (text), as Markdown with "
        "its highlights marked ==like this== and its notes, or as JSON. It stays unread.",
    )
    show.add_argument("id", metavar="ID", help="an article id (from `newsdesk articles`)")
    show.add_argument(
        "--format", choices=("text", "md", "json"), default="text", help="text (default)"
    )
    show.set_defaults(handler=cmd_show)

    mark = commands.add_parser(
        "mark",
        help="mark articles read, unread, starred or not",
        description="Mark articles by id. Unknown ids are reported (exit status 1); the "
        "others are still marked.",
    )
    mark.add_argument("ids", metavar="ID", nargs="+", help="article ids")
    action = mark.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "star", "unstar"):
        action.add_argument(
            f"--{flag}", dest="action", action="store_const", const=flag, help=f"mark {flag}"
        )
    mark.set_defaults(handler=cmd_mark, hand_over=True)  # cron may mark while the desk is open


_PAST = {"read": "read", "unread": "unread", "star": "starred", "unstar": "not starred"}


def cmd_articles(args: argparse.Namespace) -> int:
    with desk_for(args, readonly=True, must_exist=True) as desk:
        rows = desk.list_articles(
            feed_url=args.feed,
            unread=args.unread,
            starred=args.starred,
            tag=args.tag,
            since_days=args.since,
            limit=args.limit,
        )
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row.as_dict(), ensure_ascii=False) if args.json else row.line())
        out.write("\n")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with desk_for(args, readonly=True, must_exist=True) as desk:
        text = desk.show_article(args.id, args.format)
    sys.stdout.write(text)
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from newsdesk.core.wording import plural

    with desk_for(args, must_exist=True) as desk:
        report = desk.mark_articles(args.ids, args.action)
    done = len(report.changed)
    print(
        f"Marked {plural(done, 'article')} {_PAST[args.action]}"
        + (f"; {len(report.unchanged)} already were" if report.unchanged else "")
        + ".",
        file=out(args),
    )
    if report.unknown:
        ids = ", ".join(report.unknown)
        noun = "id" if len(report.unknown) == 1 else "ids"
        error = NotFoundError(f"No article with the {noun} {ids}; the others were marked.")
        print(f"newsdesk: {error.title}: {error.message}", file=err(args))
        return 1
    return 0
