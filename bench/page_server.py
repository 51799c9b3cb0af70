"""Provides the benchmark's local article server: N HTML pages with a fixed latency.

    python bench/page_server.py [--pages 100] [--latency 0.05] [--host 127.0.0.1] [--port 0]

Prints `READY <port>` once listening on `host` (a loopback address). `/page/<n>.html` is
article page n: the bundled demo pages and bench/data/extract pages in turn, each with its
number in the title so no two bodies are the same. Every response waits `latency` seconds.
"""

from __future__ import annotations

import argparse
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "newsdesk" / "sample" / "fulltext" / "pages").glob("*.html")) + sorted(
    (ROOT / "bench" / "data" / "extract").glob("*.html")
)


def page_bodies(count: int) -> dict[str, bytes]:
    templates = [path.read_text(encoding="utf-8") for path in SOURCES]
    bodies = {}
    for n in range(count):
        text = templates[n % len(templates)].replace("<title>", f"<title>[{n}] ", 1)
        bodies[f"/page/{n}.html"] = text.encode("utf-8")
    return bodies


class PageServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str, port: int, pages: int, latency: float) -> None:
        if not host.startswith("127."):
            raise SystemExit("page_server binds loopback addresses only")
        super().__init__((host, port), Handler)
        self.latency = latency
        self.bodies = page_bodies(pages)

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PageServer
    # headers and body go out in two writes: with Nagle on, the second waits for the
    # client's delayed ACK (40 ms on Linux), which no production server makes you pay
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802
        time.sleep(self.server.latency)
        body = self.server.bodies.get(self.path)
        status, kind = (200, "text/html; charset=utf-8") if body else (404, "text/plain")
        payload = body or b"not found"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = PageServer(args.host, args.port, args.pages, args.latency)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
