"""Provides what every command shares: opening the desk named by --db, and argument types."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, TypeVar

from newsdesk.core.errors import DeskError, NewsdeskError
from newsdesk.desk import Desk, open_desk

T = TypeVar("T")


class CommandError(NewsdeskError):
    title = "Nothing done"


def out(args: argparse.Namespace) -> TextIO:
    """Where a command prints its output: stdout, or the reply to a command handed over
    to the open desk (newsdesk.cli.handover)."""
    stream: TextIO | None = getattr(args, "stdout", None)
    return stream if stream is not None else sys.stdout


def err(args: argparse.Namespace) -> TextIO:
    """Where a command prints warnings: stderr, or the handed-over command's reply."""
    stream: TextIO | None = getattr(args, "stderr", None)
    return stream if stream is not None else sys.stderr


def local_path(args: argparse.Namespace, text: str) -> Path:
    """A path the user typed, relative to where they typed it (the open desk performing a
    handed-over command runs in its own directory)."""
    path = Path(text).expanduser()
    cwd = getattr(args, "cwd", None)
    return Path(cwd) / path if cwd and not path.is_absolute() else path


def held_desk(args: argparse.Namespace) -> Desk | None:
    """The open desk performing this command, when it was handed over to it."""
    desk: Desk | None = getattr(args, "held_desk", None)
    return desk


def load_config(args: argparse.Namespace) -> Any:
    """The settings file's config; its problems are printed once, to stderr."""
    from newsdesk.config import load_config as load

    config, problems = load(args.config_path)
    for problem in problems:
        print(f"newsdesk: {problem}", file=err(args))
    return config


@contextmanager
def desk_for(
    args: argparse.Namespace, *, readonly: bool = False, must_exist: bool = False
) -> Iterator[Desk]:
    """The desk named by --db, closed (and flushed) when the command is done; the open desk
    itself (left open) when the command was handed over to it."""
    held = held_desk(args)
    if held is not None:
        yield held
        return
    path = Path(args.db_path)
    if must_exist and not path.exists():
        if any(p.exists() and not p.is_dir() for p in path.parents):
            raise DeskError(f"No desk at {path}: a part of its folder is a file, not a folder.")
        raise DeskError(f"No desk at {path} yet; run newsdesk to create one.")
    desk = open_desk(path, readonly=readonly, config=load_config(args))
    try:
        yield desk
    finally:
        desk.close()


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def report_failure(error: NewsdeskError, stream: TextIO) -> int:
    """How every command reports a NewsdeskError: one line, exit status 2."""
    print(f"newsdesk: {error.title}: {error.message}", file=stream)
    return 2


def plain(value: str | None) -> str:
    """Page-derived text made terminal-safe (no control, escape or bidi sequence); the
    helper loads with the page tools, so commands that never print a page skip it."""
    from newsdesk.core.pagetext import plain as page_plain

    return page_plain(value)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
