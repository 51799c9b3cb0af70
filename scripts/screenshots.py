"""Regenerates screenshots/*.svg from the real app on the sample desk (make screenshots)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.store import open_store
from newsdesk.ui.app import NewsdeskApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZE = (160, 48)

# name -> keys pressed before the shot
SHOTS: dict[str, Sequence[str]] = {
    "desk": (),
    "reader": ("j", "j", "j", "enter"),
    "help": ("question_mark",),
    "welcome": (),
    "add-feed": ("a",),
}


async def shoot(name: str, keys: Sequence[str]) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "desk.json")
        if name != "welcome":
            load_sample_desk(store, copy_sample_files(Path(tmp) / "feeds"))
        app = NewsdeskApp(store, clock=lambda: NOW)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause(0.3)
            path = Path(app.save_screenshot(f"{name}.svg", str(OUT)))
        store.close()
    return path


async def main(names: Sequence[str]) -> None:
    OUT.mkdir(exist_ok=True)
    for name in names or SHOTS:
        print(await shoot(name, SHOTS[name]))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
