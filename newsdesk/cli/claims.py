"""Provides `newsdesk claims`: the claims board printed, or exported as Markdown, CSV or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from newsdesk.cli.common import desk_for, local_path, out
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.models import CLAIM_STATUSES
from newsdesk.core.wording import plural


def register(commands: argparse._SubParsersAction) -> None:
    claims = commands.add_parser(
        "claims",
        help="print or export the claims board",
        description="Every claim, quote and fact-check highlight, grouped by story; the same "
        "claim from two outlets is listed once with both sources.",
    )
    claims.add_argument("--json", action="store_true", help="the same as --format json")
    claims.add_argument("--status", choices=CLAIM_STATUSES, help="only claims with status S")
    claims.add_argument(
        "--format",
        choices=("text", "md", "csv", "json"),
        default=None,
        help="text (default on a terminal), md, csv or json",
    )
    claims.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    claims.set_defaults(handler=cmd_claims)


def cmd_claims(args: argparse.Namespace) -> int:
    fmt = "json" if args.json else args.format
    if fmt is None:  # from --out's suffix, else text on the terminal and Markdown in a file
        suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else "text"
        suffix = {"txt": "text", "markdown": "md"}.get(suffix, suffix)
        fmt = suffix if suffix in ("text", "md", "csv", "json") else "md"
    with desk_for(args, readonly=True, must_exist=True) as desk:
        claims = desk.claims(status=args.status)
        text = desk.export_claims(fmt, claims=claims)
    if args.out is None:
        out(args).write(text)
        return 0
    path = local_path(args, args.out)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise NewsdeskError(
            f"Cannot write {path}: {error.strerror or error}.", "Export failed"
        ) from None
    print(f"Exported {plural(len(claims), 'claim')} to {Path(path)}", file=out(args))
    return 0
