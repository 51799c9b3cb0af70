"""Provides ParsePool: feed parsing off the event loop, in worker processes or a thread."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Executor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.core.parse import ParsedFeed


class ParsePool:
    """Parses off the event loop: in worker processes when asked (a second core, no GIL
    contention with the network or the store), else in a thread. The pool starts with the
    first feed that has news, so a refresh where everything answers 304 never pays for it.
    A crashed pool (a worker killed, out of memory) falls back to threads. Workers end with
    this process even when it is SIGKILLed (see newsdesk.core.workers)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.pool: Executor | None = None

    async def parse(self, content: bytes, url: str, content_type: str) -> ParsedFeed:
        from newsdesk.core.parse import parse_feed  # here: a warm run never needs lxml or nh3

        if self.processes and self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from newsdesk.core.workers import init_worker, start_workers_quietly

            start_workers_quietly()
            self.pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,  # workers die with this process, hold no stdio
                initargs=(os.getpid(),),
            )
            self.processes = 0
        if self.pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self.pool, parse_feed, content, url, content_type)
            except BrokenProcessPool:
                self.pool = None
        return await asyncio.to_thread(parse_feed, content, url, content_type)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
