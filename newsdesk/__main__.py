"""Provides the `newsdesk` entry point."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # the command line's imports (asyncio among them) make objects that live as long as the
    # process: collecting while they are made took ~4 ms of the way to the desk's first
    # frame (the desk's own imports run with collection off too, see cli.run_desk)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from newsdesk.cli import main as run
    finally:
        if collecting:
            gc.enable()
    sys.exit(run())


if __name__ == "__main__":
    main()
