"""Provides the `newsdesk` command line: the desk by default, subcommands for scripts and cron."""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from newsdesk import __version__
from newsdesk.core.errors import DeskError, NewsdeskError
from newsdesk.paths import default_config_path, resolve_db_path
from newsdesk.store import Store, open_store


def _global_parser() -> argparse.ArgumentParser:
    """The options that come before any command; alone, they launch the desk."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A keyboard-driven terminal news desk: read feeds, highlight, take notes.",
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="desk file (default: $NEWSDESK_DB, else the XDG data dir)"
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="settings file (default: $NEWSDESK_CONFIG, else the XDG config "
        "dir's newsdesk/config.toml)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway copy of the bundled sample desk (offline)",
    )
    parser.set_defaults(handler=run_desk)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    stats = commands.add_parser(
        "stats",
        help="counts of feeds, articles and annotations",
        description="Print counts of what the desk holds.",
    )
    stats.add_argument("--json", action="store_true", help="print a JSON object")
    stats.set_defaults(handler=cmd_stats)

    restore = commands.add_parser(
        "restore-backup",
        help="replace an unreadable desk with its last good copy",
        description="Move the current desk file aside (kept as .broken-N) and restore "
        "desk.json.bak in its place.",
    )
    restore.set_defaults(handler=cmd_restore_backup)

    from newsdesk import cli_feeds

    cli_feeds.register(commands)
    from newsdesk import cli_notes

    cli_notes.register(commands)
    from newsdesk import cli_extract

    cli_extract.register(commands)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Launching the desk skips building every command's parser (and importing its module):
    that is part of the time to the first painted desk."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not any(w in ("-h", "--help", "--version") for w in words):
        args, rest = _global_parser().parse_known_args(words)
        if not rest:
            return args
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    args.db_path = resolve_db_path(args.db)
    args.config_path = Path(args.config).expanduser() if args.config else default_config_path()
    try:
        return int(args.handler(args))
    except NewsdeskError as error:
        print(f"newsdesk: {error.title}: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run_desk(args: argparse.Namespace) -> int:
    demo_dir: Path | None = None
    if args.demo:
        demo_dir = Path(tempfile.mkdtemp(prefix="newsdesk-demo-"))
        db_path = demo_dir / "desk.json"
    else:
        db_path = args.db_path
    try:
        store = open_store(db_path)
        if demo_dir is not None:
            from newsdesk.core.sample import copy_sample_files, load_sample_desk

            load_sample_desk(store, copy_sample_files(demo_dir / "feeds"))
            store.flush()
        from newsdesk.config import load_config
        from newsdesk.ui.app import NewsdeskApp

        # the article index lives as long as the desk: keep the cyclic GC from walking
        # its objects on every collection (a 50,000-article index is 600,000 objects)
        gc.freeze()
        config, problems = load_config(args.config_path)
        app = NewsdeskApp(store, config=config, config_problems=problems, demo=demo_dir is not None)
        try:
            app.run()
        finally:
            store.close()
        return app.return_code or 0
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def open_for_command(args: argparse.Namespace, readonly: bool = False) -> Store:
    return open_store(args.db_path, readonly=readonly)


def cmd_stats(args: argparse.Namespace) -> int:
    if not Path(args.db_path).exists():
        raise DeskError(f"No desk at {args.db_path} yet; run newsdesk to create one.")
    store = open_for_command(args, readonly=True)
    stats = store.stats().as_dict()
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key.replace('_', ' '):>13}: {value}")
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from newsdesk.store.desk_file import backup_path
    from newsdesk.store.lock import DeskLock

    path = Path(args.db_path)
    bak = backup_path(path)
    if not bak.exists():
        raise DeskError(f"No backup at {bak}; nothing was changed.")
    open_store(bak, readonly=True)  # refuses a backup that is itself unreadable
    lock = DeskLock(path)
    lock.acquire()  # a running newsdesk would overwrite the restored file on its next flush
    try:
        _swap_in_backup(path, bak)
    finally:
        lock.release()
    return 0


def _swap_in_backup(path: Path, bak: Path) -> None:
    if path.exists():
        n = 1
        while path.with_name(f"{path.name}.broken-{n}").exists():
            n += 1
        aside = path.with_name(f"{path.name}.broken-{n}")
        path.rename(aside)
        print(f"Moved the unreadable desk to {aside}")
    shutil.copy2(bak, path)
    print(f"Restored {path} from {bak}")
