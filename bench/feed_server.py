"""Provides the benchmark's local feed server: N RSS feeds with fixed latency and ETag/304.

    python bench/feed_server.py [--feeds 200] [--items 50] [--latency 0.05] [--port 0]
                                [--hosts 1]

Prints `READY <port>` once listening, on 127.0.0.1 and, with `--hosts N`, on 127.0.0.2 to
127.0.0.N as well (the same port and feeds on each: distinct hosts to a client).
`/feed/<n>.xml` serves feed n (gzip when asked for); a request carrying the feed's ETag or
Last-Modified gets 304. Every response waits `latency` seconds first. `/stats` returns JSON
counts of 200 and 304 answers (all hosts together).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feedgen import rss_feed  # noqa: E402

LAST_MODIFIED = formatdate(1714564800, usegmt=True)


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, port: int, feeds: int, items: int, latency: float, host: str = "127.0.0.1"
    ) -> None:
        super().__init__((host, port), Handler)
        self.latency = latency
        self.bodies = {f"/feed/{n}.xml": rss_feed(n, items) for n in range(feeds)}
        self.gzipped = {path: gzip.compress(body, 6) for path, body in self.bodies.items()}
        self.counts = {"200": 0, "304": 0, "404": 0}
        self.lock = threading.Lock()

    def twin(self, host: str) -> BenchServer:
        """The same feeds and counts, listening on `host` at this server's port."""
        other = BenchServer.__new__(BenchServer)
        ThreadingHTTPServer.__init__(other, (host, self.server_address[1]), Handler)
        other.latency, other.bodies, other.gzipped = self.latency, self.bodies, self.gzipped
        other.counts, other.lock = self.counts, self.lock
        return other

    def handle_error(self, request: object, client_address: object) -> None:
        pass

    def count(self, status: int) -> None:
        with self.lock:
            self.counts[str(status)] = self.counts.get(str(status), 0) + 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; with Nagle on, the body waited for the client's
    # delayed ACK (40 ms a feed). Servers in the wild set TCP_NODELAY (nginx's default).
    disable_nagle_algorithm = True
    server: BenchServer

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/stats":
            self._send(200, json.dumps(self.server.counts).encode(), "application/json", {})
            return
        time.sleep(self.server.latency)
        body = self.server.bodies.get(self.path)
        if body is None:
            self.server.count(404)
            self._send(404, b"not found", "text/plain", {})
            return
        etag = f'"{self.path}-v1"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if (
            self.headers.get("If-None-Match") == etag
            or self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.server.count(304)
            self._send(304, b"", "", headers)
            return
        if "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = self.server.gzipped[self.path]
            headers["Content-Encoding"] = "gzip"
        self.server.count(200)
        self._send(200, body, "application/rss+xml; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--hosts", type=int, default=1, help="also listen on 127.0.0.2-N")
    args = parser.parse_args()
    server = BenchServer(args.port, args.feeds, args.items, args.latency)
    for n in range(2, args.hosts + 1):
        twin = server.twin(f"127.0.0.{n}")
        threading.Thread(target=twin.serve_forever, daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
