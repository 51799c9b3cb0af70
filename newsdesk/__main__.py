"""Provides the `newsdesk` entry point."""

from __future__ import annotations

import sys

from newsdesk.cli import main as _main


def main() -> None:
    sys.exit(_main())


if __name__ == "__main__":
    main()
