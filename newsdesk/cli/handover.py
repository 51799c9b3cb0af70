"""Provides both ends of a command handed over to the open desk: sending it, and performing it.

`newsdesk refresh` (add, remove, import, notes import, set-feed, fulltext) finding the desk
locked by a running desk sends its argv over the desk's control socket
(newsdesk.desk.control); the desk runs the same handler on its own desk, with its output
captured, and the caller prints it and exits with its status, as if it had run the command itself.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.cli.common import report_failure
from newsdesk.core.errors import NewsdeskError
from newsdesk.desk.control import DeskHooks, Reply, Runner, hand_over

if TYPE_CHECKING:
    from newsdesk.desk import Desk


RUN_HERE = -1  # `send`: the desk quit during a refresh; run it here once the desk is free
RERUNNABLE = ("refresh",)  # commands that may run again whole after a partial run


def send(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Hand the command over to the desk holding --db; its exit status, or None when no
    desk answers (the caller reports the lock instead), or RUN_HERE."""
    reply = hand_over(Path(args.db_path).expanduser().absolute(), argv, os.getcwd())
    if reply is None:
        return None
    if reply.gone and argv[:1] and argv[0] in RERUNNABLE:
        return RUN_HERE
    sys.stdout.write(reply.stdout)
    sys.stdout.flush()
    sys.stderr.write(reply.stderr)
    sys.stderr.flush()
    return reply.exit


def command_words(argv: list[str]) -> list[str]:
    """The argv without --db/--config (the desk answering is the desk; its config applies)."""
    words: list[str] = []
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word in ("--db", "--config"):
            skip = True
            continue
        if word.startswith(("--db=", "--config=")):
            continue
        words.append(word)
    return words


def runner_for(desk: Desk, hooks: DeskHooks) -> Runner:
    """The control socket's runner for this open desk: parse, run the handler on `desk` on
    the desk's event loop (its store is only written there), capture what it prints."""

    async def run(argv: list[str], cwd: str) -> Reply:
        from newsdesk.cli import build_parser

        stdout, stderr = io.StringIO(), io.StringIO()
        try:  # the caller parsed these words already; whatever argparse prints stays here
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                args = build_parser().parse_args(argv)
        except SystemExit:
            return Reply("", "newsdesk: the open desk cannot run that command\n", 2)
        if not getattr(args, "hand_over", False):
            return Reply("", "newsdesk: that command is not run by the open desk\n", 2)
        args.db_path = desk.path
        args.config_path = None
        args.stdout, args.stderr, args.cwd = stdout, stderr, cwd
        args.held_desk, args.hooks = desk, hooks
        try:
            result = args.handler(args)
            if inspect.isawaitable(result):
                result = await result
            status = int(result)
            desk.flush()  # on disk before the caller exits: the next command reads the file
        except NewsdeskError as error:
            status = report_failure(error, stderr)
        except Exception as error:  # noqa: BLE001 - the desk stays up; the caller hears why
            print(f"newsdesk: the open desk failed to run it: {error!r}", file=stderr)
            status = 1
        hooks.changed(" ".join(["newsdesk", *argv[:1]]))  # never raises (DeskHooks)
        return Reply(stdout.getvalue(), stderr.getvalue(), status)

    return run
