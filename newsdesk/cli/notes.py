"""Provides the notes subcommands: `notes export` (Markdown or JSON) and `notes import`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsdesk.cli.common import desk_for, local_path, out
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.wording import plural


def register(commands: argparse._SubParsersAction) -> None:
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
        "--format",
        choices=("md", "json"),
        default=None,
        help="md or json (default: from --out's suffix, else md)",
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
    restore.set_defaults(handler=cmd_notes_import, hand_over=True)


def cmd_notes_export(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:  # `--out notes.json` writes what `notes import` reads back
        fmt = "json" if args.out and Path(args.out).suffix.lower() == ".json" else "md"
    with desk_for(args, readonly=True, must_exist=True) as desk:
        text = desk.export_notes(fmt, tag=args.tag, feed_url=args.feed)
        counts = desk.export_counts(tag=args.tag, feed_url=args.feed)
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
    print(
        f"Exported {plural(counts['highlights'], 'highlight')} and "
        f"{plural(counts['notes'], 'note')} from {plural(counts['articles'], 'article')} to {out}"
    )
    return 0


def cmd_notes_import(args: argparse.Namespace) -> int:
    from newsdesk.core.notes_import import ExportFormatError
    from newsdesk.desk.annotations import check_notes_export

    path = local_path(args, args.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportFormatError(
            f"Cannot read {path}: {error.strerror or error}.", "Import failed"
        ) from None
    data = check_notes_export(raw, str(path))  # before the desk is opened or created
    with desk_for(args) as desk:
        report = desk.import_notes(data)
    line = (
        f"Imported {plural(report.added_highlights, 'highlight')} and "
        f"{plural(report.added_notes, 'note')}; skipped {report.skipped} already in the desk; "
        f"restored {plural(report.missing_articles, 'article')} missing from the desk."
    )
    if report.unrestored:
        line += (
            f" {plural(report.unrestored, 'article')} could not be restored (no record of "
            "it in the file, or a feed address that is not a web one): its highlights and "
            "notes are kept without it."
        )
    if report.subscribed:
        line += (
            f" Subscribed to {plural(len(report.subscribed), 'feed')} the restored articles "
            f"came from ({', '.join(report.subscribed)}): `newsdesk remove URL` drops one."
        )
    print(line, file=out(args))
    return 0
