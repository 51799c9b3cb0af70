"""A SIGKILLed `newsdesk refresh` takes its parse workers with it: the caller's pipe reaches
EOF (so `$(newsdesk refresh)` returns) and no process it started is left running."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from feedserver import FeedServer, send

from newsdesk.cli.feeds import PROCESS_PARSING_FROM
from newsdesk.store import open_store

FEEDS = PROCESS_PARSING_FROM + 2  # enough for the CLI to parse in worker processes
FAST = 2  # feeds that answer at once, so the worker pool starts
BOUND = 60.0  # seconds any wait may take before the test fails


def _rss(n: int) -> bytes:
    items = "".join(
        f"<item><title>Item {n}.{i}</title><guid>{n}-{i}</guid>"
        f"<description>Body {n}.{i}</description></item>"
        for i in range(3)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F{n}</title>{items}'.encode()
        + (b"</channel></rss>")
    )


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a process, None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), fields[0], fields[19]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(root: int) -> dict[int, str]:
    """Every live process below `root`, by pid, with its start time (to spot pid reuse)."""
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _stat(int(entry))) is not None:
            parents.setdefault(info[0], []).append((int(entry), info[2]))
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        for pid, started in parents.get(todo.pop(), []):
            found[pid] = started
            todo.append(pid)
    return found


def _alive(pid: int, started: str) -> bool:
    info = _stat(pid)
    return info is not None and info[2] == started and info[1] != "Z"


def _wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition` until it holds; fail the test after BOUND seconds."""
    end = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < end, f"gave up after {BOUND:.0f} s waiting for {what}"
        time.sleep(0.05)


def test_sigkilled_refresh_leaves_no_worker_and_closes_the_pipe(
    server: FeedServer, tmp_path: Path
) -> None:
    release = threading.Event()

    def slow(n: int):  # type: ignore[no-untyped-def]
        def route(handler: BaseHTTPRequestHandler) -> None:
            release.wait(BOUND * 2)  # keeps the refresh busy until the test is over
            send(handler, 200, _rss(n), "application/rss+xml")

        return route

    path = tmp_path / "desk.json"
    store = open_store(path)
    for n in range(FEEDS):
        route = (
            (lambda h, n=n: send(h, 200, _rss(n), "application/rss+xml")) if n < FAST else slow(n)
        )
        store.add_feed(server.add(f"/feed{n}", route))
    store.close()

    cli = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "--db", str(path), "refresh"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # like `$(newsdesk refresh 2>&1)`: the strictest case
    )
    assert cli.stdout is not None
    try:

        def workers_started() -> bool:
            assert cli.poll() is None, "the refresh ended before its workers started"
            return any("parse_worker" in _cmdline(pid) for pid in _descendants(cli.pid))

        _wait_for(workers_started, "a parse worker process")
        _wait_for(lambda: server.answered >= FAST, "the fast feeds")
        children = _descendants(cli.pid)
        assert any("parse_worker" in _cmdline(pid) for pid in children), children
        cli.send_signal(signal.SIGKILL)
        cli.wait(BOUND)

        fd = cli.stdout.fileno()
        end = time.monotonic() + BOUND
        while True:  # read whatever is left; EOF means no process holds the pipe any more
            left = end - time.monotonic()
            assert left > 0, "the pipe never reached EOF: a child of the refresh holds it"
            ready, _, _ = select.select([fd], [], [], left)
            if ready and not os.read(fd, 65536):
                break
        _wait_for(
            lambda: not any(_alive(pid, started) for pid, started in children.items()),
            f"the refresh's children {sorted(children)} to end",
        )
    finally:
        release.set()
        if cli.poll() is None:
            cli.kill()
            cli.wait()
        cli.stdout.close()


def test_refresh_with_worker_processes_still_prints_to_its_stdout(
    server: FeedServer, tmp_path: Path
) -> None:
    """The workers write to their own pipe; the CLI itself keeps its own stdout."""
    path = tmp_path / "desk.json"
    store = open_store(path)
    for n in range(FEEDS):
        store.add_feed(server.add(f"/feed{n}", lambda h, n=n: send(h, 200, _rss(n), "text/xml")))
    store.close()
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--db", str(path), "refresh"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BOUND,
    )
    assert result.returncode == 0, result.stderr
    assert f"{FEEDS} feeds: {FEEDS} updated" in result.stdout
    assert len(open_store(path, readonly=True).articles()) == FEEDS * 3
