"""Provides the feed subcommands: add, remove, feeds, import, export-opml, refresh.

Every command works on the desk named by --db. Per-feed failures are reported and the
command still exits 0; a desk that cannot be opened or bad arguments exit non-zero with
the reason on stderr (newsdesk.cli.main prints NewsdeskError).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.models import Feed

if TYPE_CHECKING:
    from newsdesk.core.refresh import FeedOutcome, RefreshReport

DEFAULT_CONCURRENCY = 16  # newsdesk.core.refresh.DEFAULT_CONCURRENCY, without importing httpx

_FILE_ENDINGS = frozenset({"xml", "rss", "atom", "json", "rdf", "opml", "txt", "html", "htm"})


class CommandError(NewsdeskError):
    title = "Nothing done"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    add.set_defaults(handler=cmd_add)

    remove = commands.add_parser(
        "remove",
        help="unsubscribe from a feed and delete its articles",
        description="Unsubscribe from a feed, given its URL or id (see `newsdesk feeds`).",
    )
    remove.add_argument("feed", metavar="URL|ID", help="the feed's URL or id")
    remove.set_defaults(handler=cmd_remove)

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
    opml_in.set_defaults(handler=cmd_import)

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
        type=_positive_int,
        default=None,
        metavar="N",
        help="feeds in flight at once (default: the config's "
        f"refresh.concurrency, else {DEFAULT_CONCURRENCY})",
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
    refresh.set_defaults(handler=cmd_refresh)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _open(args: argparse.Namespace, readonly: bool = False) -> Any:
    from newsdesk.cli import open_for_command

    return open_for_command(args, readonly=readonly)


def source_url(text: str) -> str:
    """A subscription address from what the user typed: URL, file:// URL or a local path."""
    text = text.strip()
    scheme = urlsplit(text).scheme.lower()
    if scheme in ("http", "https"):
        if not urlsplit(text).hostname:
            raise CommandError(f"{text} has no host name")
        return text
    if scheme == "file":
        return text
    path = Path(text).expanduser()
    if scheme == "" or len(scheme) == 1:
        if path.exists():
            return path.resolve().as_uri()
        host = text.split("/", 1)[0]
        if scheme == "" and "." in host and host.rsplit(".", 1)[1].lower() not in _FILE_ENDINGS:
            return "https://" + text  # "example.com/feed" means the web, as in a browser
        raise CommandError(f"No such file: {text} (give an http(s) URL or an existing file)")
    raise CommandError(f"Unsupported address {text}: only http(s) URLs and files can be feeds")


def cmd_add(args: argparse.Namespace) -> int:
    url = source_url(args.url)
    store = _open(args)
    try:
        existing = store.feed_by_url(url)
        if existing is not None:
            print(f"Already subscribed: {existing.display_title} ({existing.url})")
            return 0
        tags = tuple(dict.fromkeys(t.strip() for t in args.tag if t.strip()))
        feed = store.add_feed(url, tags=tags)
        if args.no_fetch:
            print(f"Added {url} (not fetched yet; `newsdesk refresh` fetches it)")
            return 0
        from newsdesk.core.refresh import refresh_feeds

        report = asyncio.run(refresh_feeds(store, [feed], force=True, **_refresh_options(args)))
        outcome = report.outcomes[0]
        if outcome.status == "failed":
            store.remove_feed(feed.id)
            raise CommandError(
                f"Could not add {url}: {outcome.error}. Nothing was added; use --no-fetch to "
                "subscribe anyway.",
                "Feed not added",
            )
        added = store.feed(feed.id) or feed
        if added.url != url:
            print(f"Found the feed at {added.url}")
        print(f"Added {added.display_title} ({added.url}): {outcome.new} articles")
        return 0
    finally:
        store.close()


def cmd_remove(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        wanted = args.feed.strip()
        feed = store.feed(wanted) or store.feed_by_url(wanted)
        if feed is None:
            try:  # the same spelling `add` accepted: a path, or example.com/feed
                feed = store.feed_by_url(source_url(wanted))
            except CommandError:
                feed = None
        if feed is None:
            raise CommandError(f"No feed with URL or id {wanted} (see `newsdesk feeds`)")
        count = sum(1 for a in store.articles() if a.feed_id == feed.id)
        kept = len(store.kept_on_removal(feed.id))
        store.remove_feed(feed.id)
        note = f"; kept {kept} starred, tagged or annotated" if kept else ""
        print(
            f"Removed {feed.display_title} ({feed.url}) and {count - kept} of its "
            f"{count} articles{note}"
        )
        return 0
    finally:
        store.close()


def _feed_rows(store: Any) -> list[dict[str, Any]]:
    unread = Counter(a.feed_id for a in store.articles() if not a.read)
    return [
        {
            "id": f.id,
            "title": f.title,
            "url": f.url,
            "unread": unread[f.id],
            "status": "disabled" if f.disabled else f.last_status,
            "error": f.error,
            "tags": list(f.tags),
        }
        for f in store.feeds()
    ]


def cmd_feeds(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    if Path(args.db_path).exists():
        store = _open(args, readonly=True)
        try:
            rows = _feed_rows(store)
        finally:
            store.close()
    if args.json:
        print(json.dumps({"feeds": rows}, ensure_ascii=False))
        return 0
    if not rows:
        print("No feeds yet. Add one with: newsdesk add URL")
        return 0
    for row in rows:
        print(f"{row['status']:<12} {row['unread']:>6}  {row['title'] or row['url']}")
        print(f"{'':20}{row['url']}  (id {row['id']})")
        if row["error"]:
            print(f"{'':20}error: {row['error']}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from newsdesk.core.opml import MAX_OPML_BYTES, import_opml

    path = Path(args.file).expanduser()
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
    store = _open(args)
    try:
        report = import_opml(store, data, str(path))  # read first: a bad file leaves no trace
    finally:
        store.close()
    for what, why in report.invalid:
        print(f"invalid: {what}: {why}", file=sys.stderr)
    print(f"Imported {path.name}: {report.summary()}")
    if report.added:
        print("Run `newsdesk refresh` to fetch the new feeds.")
    return 0


def cmd_export_opml(args: argparse.Namespace) -> int:
    from newsdesk.core.opml import export_opml

    feeds: list[Feed] = []
    if Path(args.db_path).exists():
        store = _open(args, readonly=True)
        try:
            feeds = store.feeds()
        finally:
            store.close()
    data = export_opml(feeds)
    if not args.file or args.file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    target = Path(args.file).expanduser()
    try:
        target.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Cannot write {target}: {error.strerror or error}") from None
    print(f"Wrote {len(feeds)} feeds to {target}", file=sys.stderr)
    return 0


PROCESS_PARSING_FROM = 8  # feeds; below this a worker process costs more than it saves


def _refresh_options(args: argparse.Namespace, feeds: int = 1) -> dict[str, Any]:
    """Timeouts, size cap and retention from the config file's [refresh] and [retention];
    a refresh of many feeds parses in a worker process, on a second core."""
    from newsdesk.config import load_config

    config, problems = load_config(args.config_path)
    for problem in problems:
        print(f"newsdesk: {problem}", file=sys.stderr)
    options = config.refresh_options()
    if getattr(args, "concurrency", None):
        options["concurrency"] = args.concurrency  # the command line wins over the config
    options["parse_processes"] = (
        max(1, min(4, (os.cpu_count() or 2) - 1)) if feeds >= PROCESS_PARSING_FROM else 0
    )
    return options


def cmd_refresh(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        feeds = [f for f in store.feeds() if not f.disabled]
        options = _refresh_options(args, len(feeds))
        report = asyncio.run(_refresh_with_progress(store, feeds, force=args.force, **options))
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return 0
    titles = {f.id: f.display_title for f in feeds}
    for outcome in report.outcomes:
        if outcome.status == "failed":
            print(f"failed: {titles.get(outcome.feed_id, outcome.url)}: {outcome.error}")
    print(report.summary())
    return 0


async def _refresh_with_progress(store: Any, feeds: list[Feed], **options: Any) -> RefreshReport:
    from newsdesk.core.refresh import refresh_feeds

    if not sys.stderr.isatty() or not feeds:
        return await refresh_feeds(store, feeds, **options)
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
        task = progress.add_task("refresh", total=len(feeds))

        def advance(_: FeedOutcome) -> None:
            progress.advance(task)

        return await refresh_feeds(store, feeds, on_outcome=advance, **options)
