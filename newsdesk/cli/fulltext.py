"""Provides `newsdesk fulltext` and `newsdesk set-feed`: full articles for stored items, and a
feed's settings (title, tags, the full-text switch).

`fulltext` fetches the page of each stored article that lacks its full text (never one that
has it), through the desk layer (newsdesk.desk.fulltext). `--json` prints one object per
article, one a line: {"id", "url", "status" ("fetched" | "failed"), "error", "extractor"};
otherwise a progress bar on a terminal and a one-line summary. A failed page is reported and
does not stop the others; the command exits 0 unless the desk cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from newsdesk.cli.common import CommandError, desk_for, err, held_desk, out, plain, positive_int

if TYPE_CHECKING:
    from newsdesk.desk import Desk
    from newsdesk.desk.records import FullTextReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fulltext = commands.add_parser(
        "fulltext",
        help="fetch the full article of stored items that have only the feed's text",
        description="Fetch the page of each stored article without its full text and keep the "
        "article extracted from it beside the feed's text (the desk then shows it; F switches). "
        "Articles that have it are never fetched again.",
    )
    fulltext.add_argument("--feed", metavar="URL|ID", help="only this feed's articles")
    fulltext.add_argument(
        "--limit", type=positive_int, metavar="N", help="at most N articles, newest first"
    )
    fulltext.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per article and line: id, url, status ("fetched" or "failed"), '
        "error, extractor",
    )
    fulltext.set_defaults(handler=cmd_fulltext, hand_over=True)

    set_feed = commands.add_parser(
        "set-feed",
        help="change a feed's title, tags or full-text switch",
        description="Change the settings of a subscribed feed, given its URL or id.",
    )
    set_feed.add_argument("feed", metavar="URL|ID", help="the feed's URL or id")
    switch = set_feed.add_mutually_exclusive_group()
    switch.add_argument(
        "--full-text",
        dest="full_text",
        action="store_true",
        default=None,
        help="fetch the full article of every new item after each refresh",
    )
    switch.add_argument(
        "--no-full-text", dest="full_text", action="store_false", help="keep the feed's text only"
    )
    set_feed.add_argument("--title", help='the title shown for the feed ("" for the feed\'s own)')
    set_feed.add_argument(
        "--tag",
        action="append",
        metavar="T",
        help="replace the feed's tags (repeat for several; --tag '' clears them)",
    )
    set_feed.set_defaults(handler=cmd_set_feed, hand_over=True)


def cmd_set_feed(args: argparse.Namespace) -> int:
    from newsdesk.core.ports import KEEP

    if args.full_text is None and args.title is None and args.tag is None:
        raise CommandError("Nothing to change: give --full-text, --no-full-text, --title or --tag")
    with desk_for(args, must_exist=True) as desk:
        feed = desk.find_feed(args.feed)
        if feed is None:
            raise CommandError(f"No feed with URL or id {args.feed.strip()} (see `newsdesk feeds`)")
        new = desk.update_feed_settings(
            feed.id,
            title=KEEP if args.title is None else args.title,
            tags=KEEP if args.tag is None else args.tag,
            full_text=KEEP if args.full_text is None else args.full_text,
        )
    switch = "on" if new.full_text else "off"
    tags = ", ".join(new.tags) or "none"
    print(
        f"{new.display_title} ({new.url}): full text {switch}, tags {tags}",
        file=out(args),
    )
    return 0


async def cmd_fulltext(args: argparse.Namespace) -> int:
    with desk_for(args, must_exist=True) as desk:
        feed_id = None
        if args.feed:
            feed = desk.find_feed(args.feed)
            if feed is None:
                raise CommandError(f"No feed with URL or id {args.feed.strip()}")
            feed_id = feed.id
        ids = desk.lacking_full_text(feed_id, args.limit)
        if args.json or held_desk(args) is not None or not sys.stderr.isatty():
            report = await desk.fetch_full_text(ids)
        else:
            report = await _with_progress(desk, ids)
    if args.json:
        for result in report.results:
            print(json.dumps(result.as_dict(), ensure_ascii=False), file=out(args))
        return 0
    for result in report.results:
        if result.status == "failed":
            print(f"failed: {plain(result.url)}: {plain(result.error)}", file=err(args))
    print(report.summary() if ids else "Every article has its full text already.", file=out(args))
    return 0


async def _with_progress(desk: Desk, ids: list[str]) -> FullTextReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("Fetching full articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("fulltext", total=len(ids))
        return await desk.fetch_full_text(
            ids, progress=lambda done, _total, _result: progress.update(task, completed=done)
        )
