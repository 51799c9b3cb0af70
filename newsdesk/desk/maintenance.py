"""Provides desk-file maintenance the CLI offers: putting the last good copy back."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.core.errors import DeskError, NewsdeskError


def restore_backup(path: Path, *, force: bool = False) -> list[str]:
    """Replace the desk at `path` with its backup; returns what was done, line by line.

    A desk that still opens is refused unless `force` is given, since the backup is one
    save older and would silently undo the last change. The replaced file is kept aside."""
    from newsdesk.store import open_store
    from newsdesk.store.desk_file import backup_path
    from newsdesk.store.lock import DeskLock

    bak = backup_path(path)
    if not bak.exists():
        raise DeskError(f"No backup at {bak}; nothing was changed.")
    open_store(bak, readonly=True).close()  # refuses a backup that is itself unreadable
    if path.exists() and not force:
        try:
            open_store(path, readonly=True).close()
        except NewsdeskError:
            pass  # unreadable: what restore-backup is for
        else:
            raise DeskError(
                f"{path} is readable; restoring {bak} would replace it with the copy from "
                "before the last save. Give --force to do it anyway (the current file is "
                "kept aside).",
                "Desk is fine",
            )
    lock = DeskLock(path)
    lock.acquire()  # a running newsdesk would overwrite the restored file on its next flush
    try:
        return _swap_in_backup(path, bak)
    finally:
        lock.release()


def _swap_in_backup(path: Path, bak: Path) -> list[str]:
    done = []
    if path.exists():
        n = 1
        while path.with_name(f"{path.name}.broken-{n}").exists():
            n += 1
        aside = path.with_name(f"{path.name}.broken-{n}")
        path.rename(aside)
        done.append(f"Moved the replaced desk to {aside}")
    shutil.copy2(bak, path)
    done.append(f"Restored {path} from {bak}")
    return done
