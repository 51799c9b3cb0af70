"""Provides ParsePool: feed parsing off the event loop, in worker processes or a thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import subprocess
import sys
from collections import deque
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.core.parse_worker import HEADER, frame

if TYPE_CHECKING:
    from newsdesk.core.parsed import ParsedFeed


QUEUED = 8  # requests sent to one worker and not yet answered: work for a few ms of main loop


class WorkerGone(Exception):
    """The worker process ended (killed, out of memory) before it answered."""


class ParsePool:
    """Parses off the event loop: in worker processes when asked (a second core, no GIL
    contention with the network or the store), else in a thread. The workers start with the
    first feed that has news (or at once, see `start`), so a refresh where everything answers
    304 never pays for them; the parsers are then imported by the workers only, through
    newsdesk.core.parse_worker. A worker that dies (or cannot start) sends that feed and every
    later one to a thread."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.workers: list[ParseWorker] = []
        self._starting: asyncio.Task[list[ParseWorker]] | None = None

    def start(self) -> None:
        """Start the workers now rather than with the first feed that has news (they take
        ~0.1 s to import the parsers: meanwhile the first requests are under way)."""
        if self.processes and self._starting is None:
            self._starting = asyncio.create_task(self._start(self.processes))

    async def submit(self, content: bytes, url: str, content_type: str) -> Awaitable[ParsedFeed]:
        """Hand a feed to a parser; returns what to await for the result. With workers this
        waits while they are behind: a caller holding a network slot meanwhile fetches no
        further ahead of the parsers (200 local feeds arrive far faster than one worker
        parses them, and would wait in memory). In a thread, parsing starts when awaited."""
        if self.processes:
            self.start()
            assert self._starting is not None
            self.workers = await self._starting
            if self.workers:
                worker = min(self.workers, key=lambda w: w.pending)
                try:
                    reply = await worker.send(content, url, content_type)
                except WorkerGone:
                    self.processes = 0  # threads from now on; aclose() ends the others
                else:
                    return self._answer(reply, content, url, content_type)
        return self._in_thread(content, url, content_type)

    async def parse(self, content: bytes, url: str, content_type: str) -> ParsedFeed:
        return await (await self.submit(content, url, content_type))

    async def _answer(
        self, reply: asyncio.Future[ParsedFeed], content: bytes, url: str, content_type: str
    ) -> ParsedFeed:
        try:
            return await reply
        except WorkerGone:
            self.processes = 0
            return await self._in_thread(content, url, content_type)

    @staticmethod
    async def _in_thread(content: bytes, url: str, content_type: str) -> ParsedFeed:
        from newsdesk.core.parse import parse_feed  # here: a warm run never needs lxml or nh3

        return await asyncio.to_thread(parse_feed, content, url, content_type)

    @staticmethod
    async def _start(count: int) -> list[ParseWorker]:
        workers: list[ParseWorker] = []
        with contextlib.suppress(OSError):
            for _ in range(count):
                workers.append(await ParseWorker.start())
        return workers

    async def aclose(self) -> None:
        if self._starting is not None:
            self.workers = await self._starting
        for worker in self.workers:
            await worker.aclose()


def _worker_command() -> list[str]:
    """This interpreter, with the flags that decide where modules come from, running the
    worker from the same newsdesk as this process."""
    flags = sys.flags
    options = [
        opt
        for opt, on in (
            ("-I", flags.isolated),
            ("-E", flags.ignore_environment and not flags.isolated),
            ("-s", flags.no_user_site and not flags.isolated),
            ("-S", flags.no_site),
            ("-B", flags.dont_write_bytecode),
        )
        if on
    ]
    root = str(Path(__file__).resolve().parents[2])  # the directory holding newsdesk/
    code = (
        f"import sys; sys.path.insert(0, {root!r}); "
        "from newsdesk.core.parse_worker import main; main()"
    )
    return [sys.executable, *options, "-c", code, str(os.getpid())]


class ParseWorker:
    """One worker process; requests are written as they come and answered in order."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.waiting: deque[asyncio.Future[ParsedFeed]] = deque()
        self._writing = asyncio.Lock()
        self._room = asyncio.Semaphore(QUEUED)  # a feed waits for room, not in the pipe
        self._reader = asyncio.create_task(self._read_replies())

    @classmethod
    async def start(cls) -> ParseWorker:
        process = await asyncio.create_subprocess_exec(
            *_worker_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # no terminal, none of the caller's pipes
        )
        return cls(process)

    @property
    def pending(self) -> int:
        return len(self.waiting)

    async def send(self, content: bytes, url: str, content_type: str) -> asyncio.Future[ParsedFeed]:
        """Write one request once the worker has room for it; the future gets its reply."""
        await self._room.acquire()  # given back by the reader when the reply comes
        reply: asyncio.Future[ParsedFeed] = asyncio.get_running_loop().create_future()
        stdin = self.process.stdin
        assert stdin is not None
        async with self._writing:  # one frame at a time, answered in the order written
            if self._reader.done():
                self._room.release()
                raise WorkerGone
            self.waiting.append(reply)
            try:
                stdin.write(frame((content, url, content_type)))
                await stdin.drain()
            except (ConnectionError, RuntimeError) as error:
                reply.cancel()  # nobody waits for it; the reader still counts it off
                raise WorkerGone from error
        return reply

    async def _read_replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                head = await stdout.readexactly(HEADER)
                ok, value = pickle.loads(await stdout.readexactly(int.from_bytes(head, "big")))
                reply = self.waiting.popleft()
                self._room.release()
                if reply.done():
                    continue  # its caller was cancelled
                if ok:
                    reply.set_result(value)
                else:
                    reply.set_exception(value)
        except Exception:  # EOF, a broken pipe or a garbled frame: the worker is done
            pass
        finally:
            while self.waiting:
                reply = self.waiting.popleft()
                self._room.release()
                if not reply.done():
                    reply.set_exception(WorkerGone())

    async def aclose(self) -> None:
        """End the worker: it finishes when its stdin does."""
        stdin = self.process.stdin
        if stdin is not None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                stdin.close()
        with contextlib.suppress(ProcessLookupError):
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
