"""When the desk is busy: `[refresh] every` parsing, a launch waiting for a command that holds
the lock, and the control socket's protocol seen from a client (no desk app needed)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.config import load_config, parse_every
from newsdesk.core.errors import DeskLockedError
from newsdesk.desk import open_desk
from newsdesk.desk.control import ControlServer, Reply, hand_over, socket_path
from newsdesk.desk.waiting import POLL, open_when_free
from newsdesk.store.lock import DeskLock


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "desk.json"


# [refresh] every ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900.0), ("1h", 3600.0), ("90s", 90.0), ("1h30m", 5400.0), (" 2 H ", 7200.0)]
    + [("off", 0.0), ("", 0.0)],
)
def test_every_accepts_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("value", ["soon", "15", "m15", "5s", "30d", "1h 1x", 30, True, -5])
def test_every_refuses_what_is_not_a_duration_in_range(value: object) -> None:
    assert parse_every(value) is None


def test_every_is_off_by_default_and_read_from_the_config(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml")[0].refresh.every == 0
    path = tmp_path / "config.toml"
    path.write_text('[refresh]\nevery = "30m"\nconcurrency = 4\n')
    config, problems = load_config(path)
    assert problems == []
    assert (config.refresh.every, config.refresh.concurrency) == (1800.0, 4)


def test_a_bad_every_is_reported_by_key_and_leaves_the_timer_off(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[refresh]\nevery = "often"\n')
    config, problems = load_config(path)
    assert config.refresh.every == 0
    [problem] = problems
    assert "refresh.every" in problem and "'often'" in problem


# launching while a command holds the desk ---------------------------------------------------
def test_a_launch_waits_for_a_command_holding_the_desk(db: Path) -> None:
    holder = DeskLock(db)  # what `newsdesk refresh` from cron holds while it runs
    holder.acquire()
    waits: list[int | None] = []
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            holder.release()  # the refresh finishes during the third pause

    desk = open_when_free(db, on_wait=waits.append, sleep=sleep)
    try:
        assert not desk.readonly
        assert len(waits) == 1 and waits[0] is not None  # said once, naming the holder's PID
        assert sleeps == [POLL] * 3
    finally:
        desk.close()


def test_a_launch_gives_up_after_the_limit_and_says_why(db: Path) -> None:
    holder = DeskLock(db)
    holder.acquire()
    sleeps: list[float] = []
    try:
        with pytest.raises(DeskLockedError, match="still in use by PID .* after waiting 1 s"):
            open_when_free(db, wait=1.0, sleep=sleeps.append)
    finally:
        holder.release()
    assert sum(sleeps) == pytest.approx(1.0)


async def test_a_launch_does_not_wait_for_another_open_desk(db: Path) -> None:
    desk = open_desk(db)
    server = ControlServer(desk.path, _echo)
    await server.start()
    try:
        sleeps: list[float] = []
        with pytest.raises(DeskLockedError, match="already open"):
            await asyncio.to_thread(open_when_free, db, sleep=sleeps.append)
        assert sleeps == []
    finally:
        server.close()
        desk.close()


# the protocol -------------------------------------------------------------------------------
async def _echo(argv: list[str], cwd: str) -> Reply:
    return Reply(json.dumps({"argv": argv, "cwd": cwd}), "warned\n", 3)


async def test_the_reply_carries_stdout_stderr_and_exit_status(db: Path) -> None:
    db.touch()
    server = ControlServer(db, _echo)
    await server.start()
    try:
        reply = await asyncio.to_thread(hand_over, db, ["refresh", "--json"], "/somewhere")
    finally:
        server.close()
    assert reply is not None
    assert json.loads(reply.stdout) == {"argv": ["refresh", "--json"], "cwd": "/somewhere"}
    assert (reply.stderr, reply.exit) == ("warned\n", 3)
    assert not socket_path(db).exists()


async def test_a_command_longer_than_the_idle_limit_is_waited_for(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long refresh keeps the caller waiting for its reply: the desk's keepalives say it
    is at work (the idle limit and keepalive are shrunk to keep the test short)."""
    from newsdesk.desk import control

    monkeypatch.setattr(control, "IDLE_LIMIT", 0.3)
    monkeypatch.setattr(control, "KEEPALIVE", 0.05)

    async def slow(argv: list[str], cwd: str) -> Reply:
        await asyncio.sleep(1.0)  # three idle limits
        return Reply("done\n", "", 0)

    db.touch()
    server = ControlServer(db, slow)
    await server.start()
    try:
        reply = await asyncio.to_thread(hand_over, db, ["refresh"], "/")
    finally:
        server.close()
    assert reply == Reply("done\n", "", 0)


async def test_a_desk_that_stops_answering_is_given_up_with_a_reason(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk stopped with ctrl+z (or hung) writes nothing: cron's command says so after the
    idle limit instead of waiting for ever. A listening socket nobody serves stands for it."""
    from newsdesk.desk import control

    monkeypatch.setattr(control, "IDLE_LIMIT", 0.3)
    db.touch()
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(socket_path(db)))
    silent.listen(1)
    try:
        reply = await asyncio.to_thread(hand_over, db, ["refresh"], "/")
    finally:
        silent.close()
    assert reply is not None and reply.exit == 2
    assert "has not answered for 0.3 s" in reply.stderr


async def test_a_request_it_does_not_understand_is_refused_not_run(db: Path) -> None:
    ran: list[list[str]] = []

    async def runner(argv: list[str], cwd: str) -> Reply:
        ran.append(argv)
        return Reply("", "", 0)

    server = ControlServer(db, runner)
    await server.start()

    def ask(line: bytes) -> dict[str, object]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(socket_path(db)))
            sock.sendall(line)
            data = b""
            while not data.endswith(b"\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
        answer: dict[str, object] = json.loads(data)
        return answer

    try:
        for line in (b"not json\n", b'{"argv": "refresh"}\n', b'{"protocol": 1, "argv": [1]}\n'):
            answer = await asyncio.to_thread(ask, line)
            assert answer["exit"] == 2
            assert "the open desk" in str(answer["stderr"])
    finally:
        server.close()
    assert ran == []


def test_a_command_holding_the_desk_is_waited_for_then_reported(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.cli as cli

    monkeypatch.setattr(cli, "COMMAND_WAIT", 0.3)
    open_desk(db).close()  # refresh needs a desk (a mistyped --db is refused outright)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(socket_path(db)))  # a socket file nobody listens on
    stale.close()
    holder = DeskLock(db)
    holder.acquire()  # a command (no socket) holds the desk, and for longer than the wait
    try:
        assert hand_over(db, ["refresh"], "/") is None
        assert main(["--db", str(db), "refresh"]) == 2
    finally:
        holder.release()
    err = capsys.readouterr().err
    assert "waiting for" in err and "still in use" in err and "after waiting 0.3 s" in err


def test_a_command_runs_once_the_command_holding_the_desk_is_done(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two cron jobs overlapping: the second waits for the first instead of failing."""
    import threading

    open_desk(db).close()
    holder = DeskLock(db)
    holder.acquire()
    done = threading.Timer(0.3, holder.release)
    done.start()
    try:
        assert main(["--db", str(db), "refresh"]) == 0
    finally:
        done.join()
    assert "waiting for" in capsys.readouterr().err


def test_a_socket_that_is_not_a_socket_is_left_alone(db: Path) -> None:
    socket_path(db).write_text("mine")
    server = ControlServer(db, _echo)
    with pytest.raises(FileExistsError):
        asyncio.run(server.start())
    assert socket_path(db).read_text() == "mine"


def refresh_while_the_desk_quits(db: Path, tmp_path: Path, as_it_quits: Callable[[], None]) -> None:
    """`newsdesk refresh --json` on a desk of one local feed held open by a desk (its lock
    and its control socket) that takes the request, lets go of the desk without a reply,
    then does `as_it_quits`; the command must succeed."""
    import threading

    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>Local</title><item><title>Kept</title>'
        "<link>https://local.example/1</link><guid>1</guid></item></channel></rss>"
    )
    desk = open_desk(db)
    desk.store.add_feed(feed.as_uri())
    desk.close()
    holder = DeskLock(db)
    holder.acquire()  # the open desk
    quitting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    quitting.bind(str(socket_path(db)))
    quitting.listen(1)

    def desk_quits() -> None:
        conn, _ = quitting.accept()
        with conn:
            conn.recv(65536)  # the request arrives; the desk quits without a reply
            holder.release()
            as_it_quits()

    quits = threading.Thread(target=desk_quits)
    quits.start()
    try:
        assert main(["--db", str(db), "refresh", "--json"]) == 0
    finally:
        quits.join()
        quitting.close()


def test_a_refresh_the_desk_quit_during_runs_here_once_the_desk_is_free(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The desk took cron's refresh, then quit before answering (`q` meanwhile): the
    refresh still happens, run by the command itself once the desk has let go."""
    refresh_while_the_desk_quits(db, tmp_path, lambda: None)
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 1
    assert [a.title for a in open_desk(db, readonly=True).articles()] == ["Kept"]


def test_a_refresh_the_desk_quit_during_counts_what_the_desk_fetched_first(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The desk fetched the feed, then quit before answering: the command's own run found
    it unchanged and reported 0 new, though the desk had just stored its article."""

    def desk_fetches_as_it_quits() -> None:
        partial = open_desk(db)  # the desk's part of the refresh, stored as it quits
        asyncio.run(partial.refresh(None))
        partial.close()

    refresh_while_the_desk_quits(db, tmp_path, desk_fetches_as_it_quits)
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 1
    assert [(f["status"], f["new"]) for f in report["feeds"]] == [("updated", 1)]
    assert [a.title for a in open_desk(db, readonly=True).articles()] == ["Kept"]


# a desk that cannot be locked (read-only directory or disk) ---------------------------------
def test_a_desk_whose_lock_cannot_be_written_is_reported_in_one_line_and_left_alone(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import os

    assert main(["--db", str(db), "add", "https://example.com/feed", "--no-fetch"]) == 0
    before = db.read_bytes()
    (db.parent / "desk.json.lock").unlink(missing_ok=True)
    real_open = os.open

    def read_only(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("newsdesk.store.lock.os.open", read_only)
    capsys.readouterr()
    # before: a traceback ending in OSError, exit 1
    assert main(["--db", str(db), "add", "https://example.com/other", "--no-fetch"]) == 2
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("newsdesk: Desk cannot be opened: Cannot open the desk")
    assert "(Read-only file system)" in line and "Nothing was changed" in line
    assert captured.out == "" and db.read_bytes() == before
    assert main(["--db", str(db), "stats"]) == 0  # reading needs no lock


def test_refresh_on_a_desk_that_does_not_exist_is_refused_and_makes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --db in a crontab made a new empty desk (and its folders) and reported
    success every time: `{"feeds": [], "new": 0}`, exit 0."""
    missing = tmp_path / "typo" / "desk.json"
    assert main(["--db", str(missing), "refresh", "--json"]) == 2
    assert "No desk at" in capsys.readouterr().err
    assert not (tmp_path / "typo").exists()


def test_a_command_sent_while_the_desk_is_still_loading_is_handed_over_once_it_answers(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A desk holds its lock from the start but opens its socket only once it is loaded
    (seconds at 250,000 articles): cron's refresh then waited, saw the socket answer, and
    gave up with "Desk open elsewhere" instead of handing the refresh over."""
    import threading

    open_desk(db).close()
    holder = DeskLock(db)
    holder.acquire()  # the loading desk: the lock, no socket yet
    ready = threading.Event()
    stop = threading.Event()

    def serve() -> None:
        async def run() -> None:
            server = ControlServer(db, _echo)
            await server.start()
            ready.set()
            while not stop.is_set():
                await asyncio.sleep(0.02)
            server.close()

        asyncio.run(run())

    loaded = threading.Timer(0.4, lambda: threading.Thread(target=serve).start())
    loaded.start()
    try:
        assert main(["--db", str(db), "refresh", "--json"]) == 3  # the desk's answer
    finally:
        loaded.join()
        ready.wait(5)
        stop.set()
        holder.release()
    out = capsys.readouterr()
    assert json.loads(out.out) == {"argv": ["refresh", "--json"], "cwd": os.getcwd()}
    assert "waiting for" in out.err and "open elsewhere" not in out.err


async def test_a_request_its_caller_gave_up_on_before_it_began_is_not_run(db: Path) -> None:
    """A desk stopped with ctrl+z: cron's command gave up after the idle limit and said it
    failed; resumed, the desk still ran it (and every other one queued meanwhile)."""
    ran: list[list[str]] = []

    async def record(argv: list[str], cwd: str) -> Reply:
        ran.append(argv)
        return Reply("", "", 0)

    db.touch()
    server = ControlServer(db, record)
    await server.start()
    try:
        gone = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        gone.connect(str(socket_path(db)))
        gone.sendall(json.dumps({"protocol": 1, "argv": ["mark", "x"], "cwd": "/"}).encode())
        gone.sendall(b"\n")
        gone.close()  # as the caller that timed out does
        await asyncio.sleep(0.3)
        assert ran == []
        reply = await asyncio.to_thread(hand_over, db, ["refresh"], "/")  # one that waits
        assert reply is not None and reply.exit == 0 and ran == [["refresh"]]
    finally:
        server.close()
