"""Provides the control socket: a running desk performs commands that `newsdesk` runs hand over.

Only one process may write a desk (store/lock.py). Without this, `newsdesk refresh` from cron
fails while the desk is open. The process holding the desk listens on a Unix socket beside
the desk file (`desk.json.sock`, mode 0600); a command that finds the desk locked sends its
argv there and prints what the desk answers.

The protocol is one JSON line each way:
  request  {"protocol": 1, "argv": ["refresh", "--json"], "cwd": "/home/me"}
  reply    {"stdout": "...", "stderr": "...", "exit": 0}
While the command runs, the desk writes a space every `KEEPALIVE` seconds before the reply
(JSON allows it): a caller that hears nothing for `IDLE_LIMIT` seconds knows the desk is
stopped (ctrl+z) or hung, and says so instead of waiting for ever, however long a refresh
of many slow feeds takes.

What a command means is not known here: the front end passes a `Runner` that performs it
(the CLI's parser and handlers, on the held desk). This module imports no UI.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import stat
import struct
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.core.refresh import FeedOutcome

PROTOCOL = 1
MAX_MESSAGE = 1024 * 1024  # bytes of one request or reply line
CONNECT_TIMEOUT = 5.0  # seconds to wait for a desk to accept the connection
KEEPALIVE = 2.0  # seconds between the spaces a desk writes while a command runs
HUNG_UP_WAIT = 0.05  # seconds to see whether a caller still waits before running its command
IDLE_LIMIT = 30.0  # seconds of silence after which a caller gives the desk up
_SHORT_ADDRESS = 100  # AF_UNIX addresses are at most 107 bytes on Linux


@dataclass(frozen=True, slots=True)
class Reply:
    """What the command printed and its exit status, as if it had run in the caller."""

    stdout: str
    stderr: str
    exit: int
    gone: bool = False  # the desk closed before it answered (quit, crashed): not run to the end

    def as_json(self) -> bytes:
        return json.dumps(
            {"stdout": self.stdout, "stderr": self.stderr, "exit": self.exit}
        ).encode()


Runner = Callable[[list[str], str], Awaitable[Reply]]


def _nothing(*_: Any) -> None:
    return None


@dataclass(slots=True)
class DeskHooks:
    """What the open desk shows of a handed-over command (the front end fills these in):
    the progress of a refresh, and the change once it is done (reload, say what ran)."""

    refresh_started: Callable[[int], None] = _nothing
    refresh_progress: Callable[[FeedOutcome], None] = _nothing
    refresh_finished: Callable[[], None] = _nothing
    changed: Callable[[str], None] = _nothing

    def __post_init__(self) -> None:
        """Showing can never fail the command: the desk may be quitting while cron's refresh
        runs in it, its widgets gone (the caller was told "NoMatches" and its refresh
        dropped)."""
        for hook in fields(self):
            setattr(self, hook.name, _quiet(getattr(self, hook.name)))


def _quiet(show: Callable[..., None]) -> Callable[..., None]:
    def shown(*args: Any) -> None:
        with contextlib.suppress(Exception):
            show(*args)

    return shown


def socket_path(desk_path: Path) -> Path:
    return desk_path.with_name(desk_path.name + ".sock")


@contextlib.contextmanager
def _address(path: Path) -> Iterator[str]:
    """An address for bind/connect: the path itself, or (too long for AF_UNIX) the same file
    reached through an open descriptor of its directory."""
    if len(os.fsencode(str(path))) <= _SHORT_ADDRESS or not Path("/proc/self/fd").is_dir():
        yield str(path)
        return
    fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_PATH", 0))
    try:
        yield f"/proc/self/fd/{fd}/{path.name}"
    finally:
        os.close(fd)


class ControlServer:
    """The socket of one held desk; `start` on the desk's event loop, `close` when leaving."""

    def __init__(self, desk_path: Path, runner: Runner) -> None:
        self.path = socket_path(desk_path)
        self._runner = runner
        self._server: asyncio.AbstractServer | None = None
        self._inode: int | None = None
        self._running: set[asyncio.Future[Reply]] = set()

    async def start(self) -> None:
        """Listen; a socket file left by a desk that died is replaced (the caller holds the
        desk's lock, so no live desk can be behind it). Raises OSError if it cannot listen."""
        self._remove_stale()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with _address(self.path) as address:
                old_mask = os.umask(0o177)  # born 0600: no moment where others may connect
                try:
                    sock.bind(address)
                finally:
                    os.umask(old_mask)
            os.chmod(self.path, 0o600)
            self._inode = os.stat(self.path).st_ino
            self._server = await asyncio.start_unix_server(
                self._serve, sock=sock, limit=MAX_MESSAGE
            )
        except BaseException:
            sock.close()
            raise

    def _remove_stale(self) -> None:
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISSOCK(mode):
            raise FileExistsError(f"{self.path} exists and is not a socket; not replacing it")
        self.path.unlink()

    def close(self) -> None:
        """Stop listening and remove the socket file (only if it is still ours); idempotent."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._inode is not None:
            with contextlib.suppress(OSError):
                if os.lstat(self.path).st_ino == self._inode:
                    self.path.unlink()
            self._inode = None

    @property
    def serving(self) -> bool:
        return self._server is not None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        answering = asyncio.ensure_future(self._answer(reader, writer))
        self._running.add(answering)  # a caller that leaves does not stop the command
        answering.add_done_callback(self._running.discard)
        try:
            while not (await asyncio.wait({answering}, timeout=KEEPALIVE))[0]:
                writer.write(b" ")  # alive: the caller's idle limit starts again
                await writer.drain()
            writer.write(answering.result().as_json() + b"\n")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the caller went away (killed cron job): the command's effect stays
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Reply:
        if not _same_user(writer):
            return Reply("", "newsdesk: refused: the desk belongs to another user\n", 2)
        try:
            line = await reader.readline()
            request = json.loads(line)
        except (ValueError, asyncio.LimitOverrunError):
            return Reply("", "newsdesk: the open desk could not read the request\n", 2)
        argv, cwd = _checked(request)
        if argv is None or cwd is None:
            return Reply("", "newsdesk: the open desk got a request it does not understand\n", 2)
        if await _hung_up(reader):
            # asked, then given up on before it began (the desk was stopped, ctrl+z): the
            # caller said it failed, so it is not run behind its back once the desk resumes
            return Reply("", "", 2)
        return await self._runner(argv, cwd)


async def _hung_up(reader: asyncio.StreamReader) -> bool:
    """Whether the caller has closed its end (it sends nothing after the request line)."""
    try:
        return await asyncio.wait_for(reader.read(1), HUNG_UP_WAIT) == b""
    except TimeoutError:
        return False


def _checked(request: Any) -> tuple[list[str] | None, str | None]:
    if not isinstance(request, dict) or request.get("protocol") != PROTOCOL:
        return None, None
    argv, cwd = request.get("argv"), request.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return None, None
    return argv, cwd if isinstance(cwd, str) else None


def _same_user(writer: asyncio.StreamWriter) -> bool:
    """The socket is 0600 already; the peer's credentials say so again where available."""
    sock = writer.get_extra_info("socket")
    peercred = getattr(socket, "SO_PEERCRED", None)
    if sock is None or peercred is None:
        return True
    try:
        _pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, peercred, 12))
    except OSError:
        return True
    return uid == os.getuid()


def answers(desk_path: Path) -> bool:
    """Whether a running desk listens on this desk's socket (a stale file does not count)."""
    sock = _connect(socket_path(desk_path), timeout=1.0)
    if sock is None:
        return False
    sock.close()
    return True


def _connect(path: Path, timeout: float) -> socket.socket | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISSOCK(info.st_mode) or info.st_uid != os.getuid():
        return None  # never talk to a socket someone else put there
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        with _address(path) as address:
            sock.connect(address)
    except OSError:
        sock.close()
        return None
    return sock


def hand_over(desk_path: Path, argv: list[str], cwd: str) -> Reply | None:
    """Ask the desk holding `desk_path` to run `argv`; None when no desk answers (nothing was
    sent, so the caller may report the lock as before)."""
    sock = _connect(socket_path(desk_path), timeout=CONNECT_TIMEOUT)
    if sock is None:
        return None
    with sock:
        request = {"protocol": PROTOCOL, "argv": argv, "cwd": cwd}
        try:
            sock.sendall(json.dumps(request).encode() + b"\n")
            # a refresh takes as long as the slowest feed allows; the desk's keepalive
            # spaces tell a long command from a desk that is stopped or hung
            sock.settimeout(IDLE_LIMIT)
            data = _read_line(sock)
            reply = json.loads(data)
            return Reply(str(reply["stdout"]), str(reply["stderr"]), int(reply["exit"]))
        except TimeoutError:
            return Reply(
                "",
                f"newsdesk: the open desk has not answered for {IDLE_LIMIT:g} s (stopped with "
                "ctrl+z, or hung); the command may have run in part: check the desk\n",
                2,
            )
        except ConnectionError:  # closed without a reply: the desk quit meanwhile
            return Reply(
                "",
                "newsdesk: the open desk closed before the command finished; "
                "run it again (it may have run in part)\n",
                2,
                gone=True,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return Reply(
                "",
                "newsdesk: the open desk stopped answering before the command finished; "
                "check it (or run the command again once it is closed)\n",
                2,
            )


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n") or b"\n" in chunk:
            return b"".join(chunks).split(b"\n", 1)[0]
        if size > 64 * MAX_MESSAGE:
            raise ValueError("reply too long")
