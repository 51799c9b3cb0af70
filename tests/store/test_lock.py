"""One writer per desk: a second opener gets DeskLockedError naming the holder's PID; the lock
goes with close() or the holder's death; read-only opens never need it.

flock locks belong to an open file description, so a second os.open of the lock file in the
same process conflicts too (checked below) and closing that second descriptor must not drop
the first one's lock (it would with fcntl/lockf record locks).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsdesk.core.errors import DeskError, DeskLockedError
from newsdesk.store import open_store

OPENER = textwrap.dedent("""
    import json, sys
    from newsdesk.core.errors import DeskLockedError
    from newsdesk.store import open_store
    path, mode = sys.argv[1], sys.argv[2]
    try:
        store = open_store(path, readonly=(mode == "ro"))
    except DeskLockedError as error:
        print(json.dumps({"locked": True, "message": str(error), "pid": error.pid}))
    else:
        print(json.dumps({"locked": False, "theme": store.setting("theme")}))
        store.close()
""")

HOLDER = textwrap.dedent("""
    import sys
    from newsdesk.store import open_store
    store = open_store(sys.argv[1])
    store.set_setting("theme", "held")
    store.flush()
    print("ready", flush=True)
    sys.stdin.read()  # hold the desk until the parent closes stdin or kills us
    store.close()
""")


def _open_elsewhere(path: Path, mode: str = "rw") -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", OPENER, str(path), mode], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _start_holder(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    line = holder.stdout.readline()
    if line.strip() != "ready":
        holder.kill()
        holder.wait()
        pytest.fail(f"holder did not start: {line!r}")
    return holder


def test_second_opener_in_another_process_is_refused_with_pid(desk_path: Path) -> None:
    store = open_store(desk_path)
    try:
        got = _open_elsewhere(desk_path)
        assert got["locked"] is True
        assert got["pid"] == os.getpid()
        message = str(got["message"])
        assert f"PID {os.getpid()}" in message
        assert str(desk_path) in message
    finally:
        store.close()
    assert _open_elsewhere(desk_path) == {"locked": False, "theme": None}


def test_holder_in_another_process_refuses_us_with_its_pid(desk_path: Path) -> None:
    holder = _start_holder(desk_path)
    try:
        with pytest.raises(DeskLockedError) as caught:
            open_store(desk_path)
        assert caught.value.pid == holder.pid
        assert f"PID {holder.pid}" in str(caught.value)
        assert isinstance(caught.value, DeskError)
        # read-only works while the desk is held, and sees what the holder flushed
        assert open_store(desk_path, readonly=True).setting("theme") == "held"
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # lets the holder close() cleanly
        holder.wait(timeout=60)
    assert holder.returncode == 0
    store = open_store(desk_path)
    assert store.setting("theme") == "held"
    store.close()


def test_second_open_in_same_process_conflicts_and_keeps_first_lock(desk_path: Path) -> None:
    store = open_store(desk_path)
    try:
        with pytest.raises(DeskLockedError) as caught:
            open_store(desk_path)
        assert caught.value.pid == os.getpid()
        # the failed attempt closed its own descriptor: the first lock must still hold
        assert _open_elsewhere(desk_path)["locked"] is True
    finally:
        store.close()
    assert _open_elsewhere(desk_path)["locked"] is False


def test_lock_file_names_holder_and_is_cleared_on_close(desk_path: Path) -> None:
    store = open_store(desk_path)
    lock = desk_path.with_name("desk.json.lock")
    assert lock.read_text().strip() == str(os.getpid())
    store.close()
    assert lock.read_text() == ""
    store.close()  # closing twice is harmless
    # a lock file left behind (with a stale PID) does not block anyone
    lock.write_text("999999\n")
    store = open_store(desk_path)
    assert lock.read_text().strip() == str(os.getpid())
    store.close()


def test_killed_holder_releases_lock(desk_path: Path) -> None:
    holder = _start_holder(desk_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    lock = desk_path.with_name("desk.json.lock")
    assert lock.read_text().strip() == str(holder.pid)  # stale PID left behind
    store = open_store(desk_path)  # the kernel dropped the flock with the process
    assert store.setting("theme") == "held"
    assert lock.read_text().strip() == str(os.getpid())
    store.close()


def test_readonly_open_while_locked_in_process_and_elsewhere(desk_path: Path) -> None:
    store = open_store(desk_path)
    store.set_setting("theme", "dark")
    store.flush()
    try:
        ro = open_store(desk_path, readonly=True)
        assert ro.readonly
        assert ro.setting("theme") == "dark"
        ro.set_setting("theme", "light")  # in memory only: read-only desks never write
        ro.flush()
        ro.close()
        assert _open_elsewhere(desk_path, "ro") == {"locked": False, "theme": "dark"}
    finally:
        store.close()
    assert open_store(desk_path, readonly=True).setting("theme") == "dark"


def test_readonly_open_of_missing_desk_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "desk.json"
    with pytest.raises(DeskError) as caught:
        open_store(path, readonly=True)
    assert str(path) in str(caught.value)
    assert not path.parent.exists()


def test_closed_store_lets_a_new_writer_in_same_process(desk_path: Path) -> None:
    first = open_store(desk_path)
    first.set_setting("n", 1)
    first.close()
    second = open_store(desk_path)
    assert second.setting("n") == 1
    second.close()
