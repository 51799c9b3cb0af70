"""Provides prompt_and_write: the export dialog every "write a file" key shares.

It asks for a path (offering the last one used, kept in a desk setting), asks again before
replacing an existing file, writes, and says how it went; a write error is a message, never
a crash, and the desk is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from newsdesk.desk import Desk
from newsdesk.ui.screens.modals import ConfirmModal, PromptModal


def prompt_and_write(
    screen: Screen[None],
    desk: Desk,
    title: str,
    default: str,
    content: Callable[[Path], bytes],
    done: str,
    *,
    remember: str | None = None,
) -> None:
    """Ask for a path (the last one used, kept in the desk setting `remember`), ask again
    before replacing an existing file, write `content(path)` there and say how it went."""
    last = desk.setting(remember) if remember else None
    start = last if isinstance(last, str) and last.strip() else default

    def write(path: Path, typed: str) -> None:
        try:
            path.write_bytes(content(path))
        except OSError as error:
            screen.notify(
                f"Could not write {path}: {error.strerror or error}",
                severity="error",
                markup=False,
            )
            return
        if remember:
            desk.set_setting(remember, typed)
        screen.notify(f"{done} to {path}", markup=False)

    def chosen(value: str | None) -> None:
        if not value or not value.strip():
            return
        typed = value.strip()
        path = Path(typed).expanduser()
        if path.is_dir():  # a folder: the file goes in it, under the name offered at first
            path = path / Path(default).name
        if not path.exists():
            write(path, typed)
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                write(path, typed)
            else:
                screen.notify(f"Left {path} as it was.", timeout=3, markup=False)

        screen.app.push_screen(ConfirmModal(f"{path} exists. Replace it?"), answered)

    screen.app.push_screen(
        PromptModal(title, start, hint="enter writes the file · escape cancels"), chosen
    )
