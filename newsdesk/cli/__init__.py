"""Provides the `newsdesk` command line: the desk by default, subcommands for scripts and cron."""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from newsdesk import __version__
from newsdesk.core.errors import DeskLockedError, NewsdeskError
from newsdesk.paths import default_config_path, resolve_db_path, style_cache_dir

if TYPE_CHECKING:
    import argparse

    from newsdesk.desk import Desk
    from newsdesk.desk.control import DeskHooks, Runner


def _global_parser() -> argparse.ArgumentParser:
    """The options that come before any command; alone, they launch the desk."""
    import argparse

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
        "desk.json.bak in its place. A desk that still opens is left alone unless --force "
        "is given: the backup is one save older.",
    )
    restore.add_argument(
        "--force", action="store_true", help="restore even though the desk is readable"
    )
    restore.set_defaults(handler=cmd_restore_backup)

    from newsdesk.cli import articles, claims, extract, feeds, fulltext, notes, stories

    feeds.register(commands)
    articles.register(commands)
    notes.register(commands)
    claims.register(commands)
    extract.register(commands)
    fulltext.register(commands)
    stories.register(commands)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Launching the desk skips building every command's parser (and importing its module):
    that is part of the time to the first painted desk."""
    words = list(sys.argv[1:] if argv is None else argv)
    launch = _launch_args(words)
    if launch is not None:
        return launch
    if not any(w in ("-h", "--help", "--version") for w in words):
        args, rest = _global_parser().parse_known_args(words)
        if not rest:
            return args
    return build_parser().parse_args(words)


_LAUNCH_OPTIONS = ("--db", "--config")


def _launch_args(words: list[str]) -> argparse.Namespace | None:
    """The global options alone, in their plain spellings (a launch), read without
    argparse: importing it and building its parser were ~2 ms of the first frame. None for
    anything else (a command, an abbreviation, help), which argparse reads as before."""
    values: dict[str, Any] = {"db": None, "config": None, "demo": False}
    at = 0
    while at < len(words):
        word = words[at]
        name, equals, value = word.partition("=")
        if word == "--demo":
            values["demo"] = True
        elif equals and name in _LAUNCH_OPTIONS:
            values[name[2:]] = value
        elif word in _LAUNCH_OPTIONS and at + 1 < len(words) and words[at + 1][:1] != "-":
            at += 1
            values[word[2:]] = words[at]
        else:
            return None
        at += 1
    return cast("argparse.Namespace", SimpleNamespace(handler=run_desk, **values))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = parse(words)
    if args.demo and args.handler is not run_desk:
        # a command would act on --db (or the default desk), not on the sample: refused, so
        # `newsdesk --demo add …` never writes to the user's own desk
        print(
            "newsdesk: --demo opens the sample desk in the terminal; it takes no command "
            "(give --db for the desk a command should act on).",
            file=sys.stderr,
        )
        return 2
    args.started = datetime.now(UTC).replace(microsecond=0)  # stored articles' clock
    args.db_path = resolve_db_path(args.db)
    args.config_path = Path(args.config).expanduser() if args.config else default_config_path()
    try:
        return _perform(args)
    except DeskLockedError:
        if getattr(args, "hand_over", False):
            status = _hand_over(args, words)
            if status is not None:
                return status
        # another command holds it (two cron jobs overlapping): waited for, as a launch
        # waits; an open desk holding it (a command it does not run) is reported at once
        handed = getattr(args, "hand_over", False)
        status = _run_once_free(args, COMMAND_WAIT, on_wait=_say_command_waiting, handed=handed)
        if status is None:  # a desk still starting held it; it answers now: it runs it
            status = _hand_over(args, words)
        if status is None:  # gone again: reported as locked
            status = _run_once_free(args, COMMAND_WAIT)
        return 2 if status is None else status
    except NewsdeskError as error:
        from newsdesk.cli.common import report_failure

        return report_failure(error, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `newsdesk articles | head`: the reader left; say nothing more, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _perform(args: argparse.Namespace) -> int:
    result = args.handler(args)
    return int(asyncio.run(result) if inspect.iscoroutine(result) else result)


def _hand_over(args: argparse.Namespace, words: list[str]) -> int | None:
    """The open desk performs the command and we print its answer: its exit status, or
    None when no desk answers."""
    from newsdesk.cli.handover import RUN_HERE, command_words, send

    status = send(args, command_words(words))
    if status == RUN_HERE:
        args.counted_since = args.started  # what the desk stored before it quit counts too
        return _run_once_free(args, QUIT_WAIT, desk_may_hold=True)
    return status


def _run_once_free(
    args: argparse.Namespace,
    wait: float,
    *,
    desk_may_hold: bool = False,
    on_wait: Callable[[int | None], None] | None = None,
    handed: bool = False,
) -> int | None:
    """Run the command here as soon as the desk's file is free, waiting up to `wait` s
    (newsdesk.desk.waiting): another command holds the file for as long as it runs, or the
    open desk quit while it ran cron's refresh (`desk_may_hold`: a refresh may run again
    whole, it fetches what is new). `handed`: a command the open desk can run gets None
    when the holder turns out to be a desk answering on its socket (one that was still
    loading when the command first asked), so the caller hands it over."""
    from newsdesk.cli.common import report_failure
    from newsdesk.desk import control
    from newsdesk.desk.waiting import when_free

    try:
        return when_free(
            lambda: _perform(args),
            Path(args.db_path),
            wait=wait,
            on_wait=on_wait,
            desk_may_hold=desk_may_hold,
        )
    except DeskLockedError as error:
        if handed and control.answers(Path(args.db_path).expanduser().absolute()):
            return None
        return report_failure(error, sys.stderr)
    except NewsdeskError as error:
        return report_failure(error, sys.stderr)


def _say_command_waiting(pid: int | None) -> None:
    who = f"PID {pid}" if pid else "another newsdesk command"
    print(f"newsdesk: waiting for {who} to finish with the desk…", file=sys.stderr, flush=True)


QUIT_WAIT = 10.0  # seconds a quitting desk may take to let go of the file
COMMAND_WAIT = 60.0  # seconds a command waits for another command holding the desk


def _say_waiting(pid: int | None) -> None:
    from newsdesk.desk.waiting import LAUNCH_WAIT

    who = f"PID {pid}" if pid else "another newsdesk command"
    print(
        f"newsdesk: refresh by {who} in progress; the desk opens when it is done "
        f"(waiting up to {LAUNCH_WAIT:g} s)…",
        file=sys.stderr,
        flush=True,
    )


# Until the first frame is out, the interpreter hands the GIL between threads this often
# (seconds; Python's default is 0.005). The frame goes to the terminal from Textual's writer
# thread while the app goes on settling (resizes, focus): at 5 ms a turn the writer, which
# needs the GIL after each write, flushed the frame ~15 ms after it was made.
START_SWITCH_INTERVAL = 0.0005
_SWITCH_INTERVAL = sys.getswitchinterval()


def _collect_after_start() -> None:
    """Called once the first frame is painted: what start-up made (modules, classes,
    widgets, the head's rows) lives as long as the process, so it is frozen out of the
    collections that resume now; threads switch at the usual pace again."""
    gc.freeze()
    gc.enable()
    sys.setswitchinterval(_SWITCH_INTERVAL)


def run_desk(args: argparse.Namespace) -> int:
    # start-up makes ~150,000 objects that live as long as the process; collecting while
    # they were made walked them some 170 times, ~40 ms of the way to the first frame
    collecting = gc.isenabled()
    gc.disable()
    sys.setswitchinterval(START_SWITCH_INTERVAL)
    try:
        return _run_desk(args)
    finally:
        sys.setswitchinterval(_SWITCH_INTERVAL)
        if collecting:
            gc.enable()  # if the app never painted (an error, a locked desk)


def _control_runner(desk: Desk, hooks: DeskHooks) -> Runner:
    """The control socket's runner (newsdesk.cli.handover), imported when the socket
    starts: once the whole desk is in, after the first frame."""
    from newsdesk.cli.handover import runner_for

    return runner_for(desk, hooks)


def _run_desk(args: argparse.Namespace) -> int:
    from newsdesk.desk import open_desk

    demo_dir: Path | None = None
    if args.demo:
        demo_dir = Path(tempfile.mkdtemp(prefix="newsdesk-demo-"))
        db_path = demo_dir / "desk.json"
    else:
        db_path = args.db_path
    try:
        from newsdesk.config import load_config

        config, problems = load_config(args.config_path)
        launch = None
        if demo_dir is not None:
            desk = open_desk(db_path, config=config)
        else:
            from newsdesk.desk.launch import launch_from_head

            # paint from the desk's head file and load the index after, when it can
            launch = launch_from_head(db_path, config)
            if launch is not None:
                desk = launch.head_desk
            else:
                from newsdesk.desk.waiting import open_when_free

                desk = open_when_free(db_path, config=config, on_wait=_say_waiting)
        if demo_dir is not None:
            from newsdesk.core.sample import copy_sample_files, sample_page_map

            feeds_dir = demo_dir / "feeds"
            from newsdesk.desk.demo import annotate_demo

            desk.load_sample(copy_sample_files(feeds_dir, with_fulltext=True))
            desk.local_pages = sample_page_map(feeds_dir)  # F works offline on the briefs
            annotate_demo(desk)  # the claims board and notes have something to show
            desk.flush()
        desk.extract_processes = 1  # F's extraction shares no GIL with the keys
        from newsdesk.ui.app import NewsdeskApp

        # the article index lives as long as the desk: keep the cyclic GC from walking
        # its objects on every collection (a 50,000-article index is 600,000 objects)
        # (from the head: once the index is in, see newsdesk.ui.head_start)
        if launch is None:
            gc.freeze()
        from newsdesk.ui.hangup import cancel_exit

        app = NewsdeskApp(
            desk,
            config_problems=problems,
            demo=demo_dir is not None,
            control=_control_runner,
            launch=launch,
            first_frame=_collect_after_start,
            style_cache=style_cache_dir(),
        )
        try:
            app.run()
        finally:
            cancel_exit()  # a hang-up's watchdog: the run is over, closing needs no terminal
            app.stop_control()
            if launch is None:
                desk.close()
            else:
                full = launch.finish()  # waits for a load under way
                if full is not None:
                    full.close()
        return app.return_code or 0
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def cmd_stats(args: argparse.Namespace) -> int:
    from newsdesk.cli.common import desk_for

    with desk_for(args, readonly=True, must_exist=True) as desk:
        stats = desk.stats().as_dict()
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key.replace('_', ' '):>13}: {value}")
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from newsdesk.desk.maintenance import restore_backup

    for line in restore_backup(Path(args.db_path), force=args.force):
        print(line)
    return 0
