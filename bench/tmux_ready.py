"""Provides launch-to-first-paint timing in a real terminal (a private tmux server)."""

from __future__ import annotations

import atexit
import os
import re
import shlex
import statistics
import subprocess
import time
from pathlib import Path

TMUX = ["tmux", "-L", f"newsdesk-bench-{os.getpid()}"]  # own server: benches may run at once


def _server() -> None:
    """One tmux server for the whole run, kept alive by an idle session, killed at exit."""
    if subprocess.run(TMUX + ["has-session", "-t", "keep"], capture_output=True).returncode:
        subprocess.run(TMUX + ["new-session", "-d", "-s", "keep", "sleep 3600"], check=True)
        atexit.register(subprocess.run, TMUX + ["kill-server"], capture_output=True)


def close_session(name: str, quit_keys: list[str] | None = None) -> None:
    """End a session; a program given `quit_keys` is asked to quit first and waited for.

    Killing the session hangs the program up (SIGHUP): the desk then quits as on `q`, but
    Textual can block for good restoring a terminal that is gone, and the orphan keeps the
    desk locked, so every later launch of that desk waits for it."""
    if quit_keys:
        subprocess.run(TMUX + ["send-keys", "-t", name, *quit_keys], capture_output=True)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            running = subprocess.run(
                TMUX + ["display-message", "-p", "-t", name, "#{pane_current_command}"],
                capture_output=True,
                text=True,
            ).stdout.strip()
            if running in ("sleep", ""):  # its command line goes on to `sleep`
                break
            time.sleep(0.05)
    subprocess.run(TMUX + ["kill-session", "-t", name], capture_output=True)


def compile_checkout(root: Path) -> None:
    """Write the bytecode of `root`'s newsdesk package, as installing it does. Without it
    (PYTHONDONTWRITEBYTECODE set, or a fresh checkout) every launch compiles every module
    it imports again, some 35 ms of its first paint at 10,000 articles."""
    import compileall

    compileall.compile_dir(root / "newsdesk", quiet=1)


def ready_times(
    cmd: list[str],
    pattern: str,
    runs: int = 5,
    timeout: float = 60.0,
    size: tuple[int, int] = (160, 48),
    quit_keys: list[str] | None = None,
) -> list[float]:
    """Seconds from spawning `cmd` to the screen first matching `pattern`, per run."""
    regex = re.compile(pattern, re.MULTILINE)
    _server()
    times = []
    for run in range(runs):
        name = f"r{run}"
        line = " ".join(shlex.quote(c) for c in cmd) + "; sleep 60"
        subprocess.run(
            TMUX + ["new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), line],
            check=True,
        )
        start = time.perf_counter()
        seen = None
        screen = ""
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                TMUX + ["capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if regex.search(screen):
                seen = time.perf_counter() - start
                break
            time.sleep(0.005)
        close_session(name, quit_keys)
        if seen is None:
            raise RuntimeError(f"{cmd[0]} never painted {pattern!r}; screen:\n{screen}")
        times.append(seen)
    return times


def peak_rss_mb(
    cmd: list[str],
    pattern: str,
    settle: float = 1.0,
    keys: list[str] | None = None,
    quit_keys: list[str] | None = None,
) -> float:
    """Peak resident memory (VmHWM) of `cmd` after it has painted `pattern`, then been sent
    `keys` (tmux key names), and settled."""
    pid_file = Path(f"/tmp/newsdesk-bench-{time.time_ns()}.pid")
    wrapped = ["sh", "-c", f"echo $$ > {pid_file}; exec " + " ".join(map(shlex.quote, cmd))]
    ready_cmd = wrapped
    regex = re.compile(pattern, re.MULTILINE)
    line = " ".join(shlex.quote(c) for c in ready_cmd) + "; sleep 60"
    _server()
    subprocess.run(
        TMUX + ["new-session", "-d", "-s", "rss", "-x", "160", "-y", "48", line], check=True
    )
    try:
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            screen = subprocess.run(
                TMUX + ["capture-pane", "-p", "-t", "rss"], capture_output=True, text=True
            ).stdout
            if regex.search(screen):
                break
            time.sleep(0.01)
        if keys:
            time.sleep(settle)
            subprocess.run(TMUX + ["send-keys", "-t", "rss", *keys], check=True)
        time.sleep(settle)
        pid = int(pid_file.read_text().strip())
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
        raise RuntimeError("no VmHWM")
    finally:
        close_session("rss", quit_keys)
        pid_file.unlink(missing_ok=True)


def summary(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):.3f} s (min {min(times):.3f}, "
        f"max {max(times):.3f}, {len(times)} runs)"
    )


def record_frames(app) -> list[float]:  # type: ignore[no-untyped-def]
    """When the app hands each frame to its (headless) driver, from now on: the time from a
    key to the first frame after it is the key's "first frame" figure."""
    frames: list[float] = []
    display = app._display

    def record_frame(*args, **kwargs):  # type: ignore[no-untyped-def]
        frames.append(time.perf_counter())
        return display(*args, **kwargs)

    app._display = record_frame
    return frames
