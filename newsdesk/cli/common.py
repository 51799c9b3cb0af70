"""Provides what every command shares: opening the desk named by --db, and argument types."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from newsdesk.core.errors import DeskError, NewsdeskError
from newsdesk.desk import Desk, open_desk

T = TypeVar("T")


class CommandError(NewsdeskError):
    title = "Nothing done"


def load_config(args: argparse.Namespace) -> Any:
    """The settings file's config; its problems are printed once, to stderr."""
    from newsdesk.config import load_config as load

    config, problems = load(args.config_path)
    for problem in problems:
        print(f"newsdesk: {problem}", file=sys.stderr)
    return config


@contextmanager
def desk_for(
    args: argparse.Namespace, *, readonly: bool = False, must_exist: bool = False
) -> Iterator[Desk]:
    """The desk named by --db, closed (and flushed) when the command is done."""
    path = Path(args.db_path)
    if must_exist and not path.exists():
        raise DeskError(f"No desk at {path} yet; run newsdesk to create one.")
    desk = open_desk(path, readonly=readonly, config=load_config(args))
    try:
        yield desk
    finally:
        desk.close()


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
