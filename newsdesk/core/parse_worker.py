"""Provides the parse worker: a child process reading feeds from its stdin and writing what
parse_feed made of them (or the error it raised) to its stdout.

A plain child process, not multiprocessing's: it imports the parsers and nothing else (about
25 MB; a spawned multiprocessing worker re-imported the command line and its asyncio, 41 MB,
and brought multiprocessing's resource tracker, 12 MB more). It ends when its stdin does, so
it never outlives the process that started it: killed, that one closes the pipe (on Linux the
kernel also kills the worker at once, see newsdesk.core.workers). Its stderr is /dev/null:
it holds no terminal and none of the caller's pipes.

Frames both ways: a 4-byte big-endian length, then a pickle. Requests are
(content, url, content_type); replies (True, ParsedFeed) or (False, the exception), in the
order the requests came.
"""

from __future__ import annotations

import pickle
import signal
import sys
from typing import BinaryIO

HEADER = 4  # bytes of frame length


def frame(payload: object) -> bytes:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(HEADER, "big") + data


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _reply(error: Exception) -> bytes:
    """The error as the caller will see it; one that cannot be pickled is described."""
    try:
        return frame((False, error))
    except Exception:
        return frame((False, RuntimeError(f"{type(error).__name__}: {error}")))


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer requests from `source` on `sink` until `source` ends."""
    from newsdesk.core.parse import parse_feed

    while True:
        head = _read_exactly(source, HEADER)
        body = _read_exactly(source, int.from_bytes(head, "big")) if head else None
        if body is None:
            return  # the caller is done (or gone)
        content, url, content_type = pickle.loads(body)
        try:
            reply = frame((True, parse_feed(content, url, content_type)))
        except Exception as error:  # the caller decides what a failure costs
            reply = _reply(error)
        sink.write(reply)
        sink.flush()


def main() -> None:
    parent_pid = int(sys.argv[1])
    from newsdesk.core.workers import die_with_parent

    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller; we end with it
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main()
