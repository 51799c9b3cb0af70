"""Provides the feed subcommands: add, remove, feeds, import, export-opml, refresh.

Every command works on the desk named by --db through the desk layer. Per-feed failures
are reported and the command still exits 0; a desk that cannot be opened or bad arguments
exit non-zero with the reason on stderr (newsdesk.cli.main prints NewsdeskError).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.cli.common import (
    CommandError,
    desk_for,
    err,
    held_desk,
    local_path,
    out,
    positive_int,
)
from newsdesk.core.wording import plural

if TYPE_CHECKING:
    from datetime import datetime

    from newsdesk.core.refresh import FeedOutcome, RefreshReport
    from newsdesk.desk import Desk

DEFAULT_CONCURRENCY = 64  # newsdesk.core.refresh.DEFAULT_CONCURRENCY, without importing httpx


def register(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser(
        "add",
        help="subscribe to a feed (URL, HTML page with a feed link, or file)",
        description="Subscribe to a feed and fetch it once. An HTML page is followed to the "
        "feed it links to. Nothing is added if the first fetch fails, unless "
        "--no-fetch is given.",
    )
    add.add_argument("url", metavar="URL", help="http(s) URL, file:// URL or path of a feed")
    add.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="tag the feed (repeat for several tags)",
    )
    add.add_argument(
        "--no-fetch",
        action="store_true",
        help="subscribe without fetching now (the next refresh fetches it)",
    )
    add.add_argument(
        "--full-text",
        action="store_true",
        help="fetch the full article of every item (now and after each refresh): for feeds "
        "that carry only a summary",
    )
    add.set_defaults(handler=cmd_add, hand_over=True)

    remove = commands.add_parser(
        "remove",
        help="unsubscribe from a feed and delete its articles",
        description="Unsubscribe from a feed, given its URL or id (see `newsdesk feeds`).",
    )
    remove.add_argument("feed", metavar="URL|ID", help="the feed's URL or id")
    remove.set_defaults(handler=cmd_remove, hand_over=True)

    feeds = commands.add_parser(
        "feeds",
        help="list subscriptions with unread counts and last status",
        description="List every feed: title, URL, unread articles, last refresh status and error.",
    )
    feeds.add_argument("--json", action="store_true", help="print a JSON object")
    feeds.set_defaults(handler=cmd_feeds)

    opml_in = commands.add_parser(
        "import",
        help="subscribe to the feeds in an OPML file",
        description="Import OPML 1.0/2.0: folders become tags, feeds already subscribed are "
        "skipped, unusable entries are reported. Run `newsdesk refresh` after.",
    )
    opml_in.add_argument("file", metavar="FILE.opml", help="the OPML file")
    opml_in.set_defaults(handler=cmd_import, hand_over=True)

    opml_out = commands.add_parser(
        "export-opml",
        help="write subscriptions as OPML (stdout by default)",
        description="Write every subscription as OPML 2.0; tags become folders.",
    )
    opml_out.add_argument("file", metavar="FILE", nargs="?", help="write here instead of stdout")
    opml_out.set_defaults(handler=cmd_export_opml)

    refresh = commands.add_parser(
        "refresh",
        help="fetch every feed now",
        description="Fetch every feed concurrently with conditional requests, store new "
        "articles and print a summary. Exits 0 even when some feeds fail.",
    )
    refresh.add_argument(
        "--concurrency",
        type=positive_int,
        default=None,
        metavar="N",
        help="feeds in flight at once, at most refresh.per_host of them to one host "
        f"(default: the config's refresh.concurrency, else {DEFAULT_CONCURRENCY})",
    )
    refresh.add_argument(
        "--json",
        action="store_true",
        help="print the outcome of every feed as JSON instead of the summary",
    )
    refresh.add_argument(
        "--force",
        action="store_true",
        help="also retry failing feeds whose backoff has not expired",
    )
    refresh.set_defaults(handler=cmd_refresh, hand_over=True)


def _one_line(text: str) -> str:
    """A message naming a feed (its title comes from the feed) as one terminal-safe line."""
    from newsdesk.core.sanitize import clean_line

    return clean_line(text)


async def cmd_add(args: argparse.Namespace) -> int:
    source = args.url
    typed = Path(source).expanduser()
    if source.strip() and not typed.is_absolute() and local_path(args, source).exists():
        source = str(local_path(args, source))  # a file beside the user, not the open desk
    with desk_for(args) as desk:
        result = await desk.add_feed(
            source, args.tag, fetch=not args.no_fetch, full_text=args.full_text
        )
        full = desk.last_full_text if args.full_text and result.status == "added" else None
    if result.found_at:
        print(f"Found the feed at {result.found_at}", file=out(args))
    print(_one_line(result.message()), file=out(args))
    wanted = [t.strip() for t in args.tag if t.strip()]
    if result.status == "exists" and not set(wanted) <= set(result.feed.tags):
        # its tags stay as they are: say how to change them rather than drop the request
        tags = " ".join(f"--tag {shlex.quote(t)}" for t in dict.fromkeys(wanted))
        print(
            f"Its tags are unchanged ({', '.join(result.feed.tags) or 'none'}): "
            f"newsdesk set-feed {shlex.quote(result.feed.url)} {tags} replaces them.",
            file=out(args),
        )
    if full is not None:
        print(full.summary(), file=out(args))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with desk_for(args, must_exist=True) as desk:
        feed = desk.find_feed(args.feed)
        if feed is None:
            raise CommandError(f"No feed with URL or id {args.feed.strip()} (see `newsdesk feeds`)")
        print(_one_line(desk.remove_feed(feed.id).message()), file=out(args))
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    if Path(args.db_path).exists():
        with desk_for(args, readonly=True) as desk:
            rows = [row.as_dict() for row in desk.feed_rows()]
    if args.json:
        print(json.dumps({"feeds": rows}, ensure_ascii=False))
        return 0
    if not rows:
        print("No feeds yet. Add one with: newsdesk add URL")
        return 0
    from newsdesk.core.sanitize import clean_line

    for row in rows:  # titles, addresses and errors come from feeds: one clean line each
        title, url = clean_line(row["title"]), clean_line(row["url"])
        print(f"{row['status']:<12} {row['unread']:>6}  {title or url}")
        print(f"{'':20}{url}  (id {row['id']})")
        if row["error"]:
            print(f"{'':20}error: {clean_line(row['error'])}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from newsdesk.core.opml import MAX_OPML_BYTES

    if args.file.lower().startswith(("http://", "https://")):
        # it was read as a path ("http:/host/…": "No such file"), which said nothing useful
        raise CommandError(
            f"import reads an OPML file, not an address: save {_one_line(args.file)} first "
            "(curl -o feeds.opml URL), then `newsdesk import feeds.opml`."
        )
    path = local_path(args, args.file)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
    with desk_for(args) as desk:
        report = desk.import_opml(data, str(path))  # read first: a bad file leaves no trace
    for what, why in report.invalid:
        print(f"invalid: {what}: {why}", file=err(args))
    print(f"Imported {path.name}: {report.summary()}", file=out(args))
    if report.added:
        print("Run `newsdesk refresh` to fetch the new feeds.", file=out(args))
    return 0


def cmd_export_opml(args: argparse.Namespace) -> int:
    from newsdesk.core.opml import export_opml

    if Path(args.db_path).exists():
        with desk_for(args, readonly=True) as desk:
            data, count = desk.export_opml(), len(desk.feeds())
    else:
        data, count = export_opml([]), 0
    if not args.file or args.file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    target = Path(args.file).expanduser()
    try:
        target.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Cannot write {target}: {error.strerror or error}") from None
    # on stdout, as `notes export --out` and `claims --out` confirm: the OPML went to the file
    print(f"Wrote {plural(count, 'feed')} to {target}", file=out(args))
    return 0


PROCESS_PARSING_FROM = 8  # feeds; below this a worker process costs more than it saves


def _refresh_options(args: argparse.Namespace, feeds: int) -> dict[str, Any]:
    """The command line's concurrency wins over the config; a refresh of many feeds
    parses in worker processes, on a second core."""
    options: dict[str, Any] = {}
    if getattr(args, "concurrency", None):
        options["concurrency"] = args.concurrency
    options["parse_processes"] = (
        max(1, min(4, (os.cpu_count() or 2) - 1)) if feeds >= PROCESS_PARSING_FROM else 0
    )
    return options


async def cmd_refresh(args: argparse.Namespace) -> int:
    # a mistyped --db in a crontab made a new empty desk and "refreshed" it, every time
    with desk_for(args, must_exist=True) as desk:
        enabled = [f for f in desk.feeds() if not f.disabled]
        titles = {f.id: f.display_title for f in enabled}
        options = _refresh_options(args, len(enabled))
        if held_desk(args) is not None:
            options.pop("parse_processes", None)  # parsed in the desk, like its own refreshes
            report = await _refresh_in_open_desk(desk, args, force=args.force, **options)
        else:
            report = await _refresh_with_progress(desk, force=args.force, **options)
        since = getattr(args, "counted_since", None)
        if since is not None:
            report = _with_articles_since(desk, report, since)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False), file=out(args))
        return 0
    from newsdesk.core.sanitize import clean_line

    for outcome in report.outcomes:
        name = clean_line(titles.get(outcome.feed_id) or outcome.url)
        if outcome.status == "failed":
            print(f"failed: {name}: {clean_line(outcome.error)}", file=out(args))
        if outcome.notice:
            print(f"notice: {name}: {clean_line(outcome.notice)}", file=out(args))
    print(report.summary(), file=out(args))
    if desk.last_full_text is not None:
        print(desk.last_full_text.summary(), file=out(args))
    return 0


def _with_articles_since(desk: Desk, report: RefreshReport, since: datetime) -> RefreshReport:
    """The report of a refresh run again here after the open desk quit part-way through it:
    the feeds the desk had fetched answer "unchanged" now, so each feed's new articles are
    counted by when they were stored (since this command began), the desk's part included."""
    from collections import Counter
    from dataclasses import replace

    stored = Counter(a.feed_id for a in desk.articles() if a.fetched >= since)
    outcomes = []
    for outcome in report.outcomes:
        new = max(outcome.new, stored.get(outcome.feed_id, 0))
        status = "updated" if new and outcome.status == "not_modified" else outcome.status
        outcomes.append(replace(outcome, new=new, status=status))
    return replace(report, outcomes=outcomes)


async def _refresh_in_open_desk(
    desk: Desk, args: argparse.Namespace, **options: Any
) -> RefreshReport:
    """The open desk shows the progress of a refresh handed over to it, as its own."""
    hooks = getattr(args, "hooks", None)
    if hooks is None:
        return await desk.refresh(None, **options)
    try:
        return await desk.refresh(
            None, on_start=hooks.refresh_started, on_outcome=hooks.refresh_progress, **options
        )
    finally:
        hooks.refresh_finished()


async def _refresh_with_progress(desk: Desk, **options: Any) -> RefreshReport:
    if not sys.stderr.isatty():
        return await desk.refresh(None, **options)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("Refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("refresh", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advance(_: FeedOutcome) -> None:
            progress.advance(task)

        return await desk.refresh(None, on_outcome=advance, on_start=started, **options)
