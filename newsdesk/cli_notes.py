"""Provides the notes subcommands: `notes export` (Markdown or JSON) and `notes import`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsdesk.core.errors import DeskError, NewsdeskError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `notes export` and `notes import` to the top-level subcommands."""
    notes = commands.add_parser(
        "notes",
        help="export or import highlights and notes",
        description="Export highlights and notes as Markdown or JSON, or restore a JSON export.",
    )
    actions = notes.add_subparsers(title="actions", dest="action", required=True)

    export = actions.add_parser(
        "export",
        help="write highlights and notes as Markdown or JSON",
        description="Write every highlight and note, grouped by article. Markdown is for "
        "reading; JSON keeps every field and can be imported again.",
    )
    export.add_argument(
        "--format", choices=("md", "json"), default="md", help="md (default) or json"
    )
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument("--tag", metavar="T", help="only articles tagged T")
    export.add_argument("--feed", metavar="URL", help="only articles of the feed at URL")
    export.set_defaults(handler=cmd_notes_export)

    restore = actions.add_parser(
        "import",
        help="restore a JSON export without duplicating",
        description="Restore highlights and notes from a JSON export. Ones already in the "
        "desk are skipped; articles missing from the desk are recreated.",
    )
    restore.add_argument("file", metavar="FILE.json", help="a file written by notes export")
    restore.set_defaults(handler=cmd_notes_import)


def cmd_notes_export(args: argparse.Namespace) -> int:
    from newsdesk.cli import open_for_command
    from newsdesk.core.export import export_json, export_markdown  # loaded on use

    if not Path(args.db_path).exists():
        raise DeskError(f"No desk at {args.db_path} yet; run newsdesk to create one.")
    store = open_for_command(args, readonly=True)
    if args.feed is not None and store.feed_by_url(args.feed) is None:
        raise DeskError(f"No feed with the url {args.feed} in the desk.", "No such feed")
    data = export_json(store, tag=args.tag, feed_url=args.feed)
    if args.format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = export_markdown(store, tag=args.tag, feed_url=args.feed)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise NewsdeskError(
            f"Cannot write {out}: {error.strerror or error}.", "Export failed"
        ) from None
    articles = data["articles"]
    highlights = sum(len(a["highlights"]) for a in articles)
    notes = sum(len(a["notes"]) for a in articles)
    print(
        f"Exported {_count(highlights, 'highlight')} and {_count(notes, 'note')} "
        f"from {_count(len(articles), 'article')} to {out}"
    )
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cmd_notes_import(args: argparse.Namespace) -> int:
    from newsdesk.cli import open_for_command
    from newsdesk.core.notes_import import ExportFormatError, import_json, parse_export

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportFormatError(
            f"Cannot read {path}: {error.strerror or error}.", "Import failed"
        ) from None
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportFormatError(f"{path} is not JSON ({error}); nothing was imported.") from None
    try:
        parse_export(data)  # check the whole file before the desk is opened or created
    except ExportFormatError as error:
        raise ExportFormatError(f"{path}: {error.message}; nothing was imported.") from None
    store = open_for_command(args)
    try:
        report = import_json(store, data)
    finally:
        store.close()
    print(
        f"Imported {_count(report.added_highlights, 'highlight')} and "
        f"{_count(report.added_notes, 'note')}; skipped {report.skipped} already in the desk; "
        f"restored {_count(report.missing_articles, 'article')} missing from the desk."
    )
    return 0
