"""Provides the one real HTTP server on 127.0.0.1 every test uses: routes, hostile responses, a log.

Each route is a function of the request handler; helpers below build the usual ones
(static bodies with ETag/304, redirects, slow answers, a byte-a-second dribble, huge and
gzip-bomb bodies). Handler threads are daemons, so a dribbling response never blocks shutdown.
The `server` fixture in tests/conftest.py starts one per test.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[[BaseHTTPRequestHandler], None]
FIXTURES = Path(__file__).parent / "core" / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (caps, deadlines) are the point of these tests


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.connections = 0
        self.answered = 0  # requests whose route ran to the end
        self._count_lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                server.connections += 1
                super().setup()

            def do_GET(self) -> None:  # noqa: N802
                server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    send(self, 404, b"not here", "text/plain")
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    return
                with server._count_lock:
                    server.answered += 1

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def static(
    body: bytes,
    content_type: str = "application/rss+xml",
    status: int = 200,
    etag: str | None = None,
    last_modified: bool = False,
    gzip_body: bool = False,
) -> Route:
    """A fixed response; with an etag (or Last-Modified) a matching request gets 304."""
    stamp = formatdate(time.time() - 3600, usegmt=True)

    def route(handler: BaseHTTPRequestHandler) -> None:
        headers: dict[str, str] = {}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = stamp
        if (etag and handler.headers.get("If-None-Match") == etag) or (
            last_modified and handler.headers.get("If-Modified-Since") == stamp
        ):
            handler.send_response(304)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        payload = body
        if gzip_body and "gzip" in (handler.headers.get("Accept-Encoding") or ""):
            payload = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        send(handler, status, payload, content_type, headers)

    return route


def redirect(status: int, location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, status, b"moved", "text/plain", {"Location": location})

    return route


def delayed(seconds: float, route: Route) -> Route:
    """`route`, answered only after `seconds` (a slow but well-behaved server)."""

    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        route(handler)

    return slow


def dribble(seconds: int = 60) -> Route:
    """Headers at once, then one byte a second: never trips a per-read timeout."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(100 + seconds))
        handler.end_headers()
        handler.wfile.write(b"<?xml version='1.0'?>".ljust(100))
        handler.wfile.flush()
        for _ in range(seconds):
            time.sleep(1)
            handler.wfile.write(b" ")
            handler.wfile.flush()

    return route


def huge(total: int, unsized: bool = False) -> Route:
    """`total` bytes of a feed-shaped body in 1 MB pieces; `unsized` sends no Content-Length."""
    piece = b"<item><title>x</title></item>" * (1024 * 1024 // 29)

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        if unsized:
            handler.send_header("Connection", "close")
        else:
            handler.send_header("Content-Length", str(total))
        handler.end_headers()
        sent = 0
        while sent < total:
            chunk = piece[: total - sent]
            handler.wfile.write(chunk)
            sent += len(chunk)
        if unsized:
            handler.close_connection = True

    return route


def gzip_bomb_bytes(size: int = 200 * 1024 * 1024) -> bytes:
    """`size` zero bytes, gzipped in streaming steps (about 200 KB for 200 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    parts = [packer.compress(zeros) for _ in range(size // len(zeros))]
    parts.append(packer.flush())
    return b"".join(parts)


def gzipped(body: bytes, content_type: str = "application/rss+xml") -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, body, content_type, {"Content-Encoding": "gzip"})

    return route


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
