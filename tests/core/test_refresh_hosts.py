"""Refresh's per-host limits: never more than `per_host` requests at once to one host, the
other hosts served meanwhile, and a host's connections closed once its feeds are done."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import hostile
import pytest

from newsdesk.core.refresh import refresh_feeds

ITEMS = [("One", "https://hosts.example/1")]
WAIT = 5.0  # seconds a handler waits for the others before answering anyway


class Hosts:
    """One server on each of 127.0.0.1 and 127.0.0.2 (distinct hosts to a client), counting
    the requests in flight to each and the connections each has seen closed."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.in_flight = {"127.0.0.1": 0, "127.0.0.2": 0}
        self.peak = {"127.0.0.1": 0, "127.0.0.2": 0}
        self.peak_total = 0
        self.answered = 0
        self.answered_at_peak = 0  # answers given before the total in flight peaked
        self.closed = {"127.0.0.1": 0, "127.0.0.2": 0}
        self.hold: Callable[[str, str], None] = lambda host, path: None
        hosts = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                host = self.server.server_address[0]
                with hosts.lock:
                    hosts.in_flight[host] += 1
                    hosts.peak[host] = max(hosts.peak[host], hosts.in_flight[host])
                    total = sum(hosts.in_flight.values())
                    if total > hosts.peak_total:
                        hosts.peak_total, hosts.answered_at_peak = total, hosts.answered
                    hosts.lock.notify_all()
                try:
                    hosts.hold(host, self.path)
                    body = hostile.simple_rss(ITEMS, guid_prefix=self.path)
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with hosts.lock:
                        hosts.in_flight[host] -= 1
                        hosts.answered += 1

            def finish(self) -> None:
                super().finish()
                with hosts.lock:
                    hosts.closed[self.server.server_address[0]] += 1
                    hosts.lock.notify_all()

            def log_message(self, *args: object) -> None:
                pass

        self.servers = [ThreadingHTTPServer((h, 0), Handler) for h in self.in_flight]
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, host: int, path: str) -> str:
        server = self.servers[host]
        return f"http://{server.server_address[0]}:{server.server_address[1]}{path}"

    def wait_for(self, done: Callable[[], bool]) -> bool:
        with self.lock:
            return self.lock.wait_for(done, WAIT)

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def hosts() -> Iterator[Hosts]:
    both = Hosts()
    yield both
    both.close()


async def test_no_host_gets_more_than_per_host_requests_at_once(hosts: Hosts, desk) -> None:  # type: ignore[no-untyped-def]
    # every request waits until five are in flight (or WAIT passes): the most the limits allow
    hosts.hold = lambda host, path: hosts.wait_for(lambda: hosts.peak_total >= 5)
    for n in range(8):  # the first host's feeds come first: they must not take every slot
        desk.add_feed(hosts.url(0, f"/a{n}"))
    for n in range(8):
        desk.add_feed(hosts.url(1, f"/b{n}"))
    feeds = sorted(desk.feeds(), key=lambda f: f.url)
    report = await refresh_feeds(desk, feeds, concurrency=5, per_host=3)
    assert {o.status for o in report.outcomes} == {"updated"}
    assert max(hosts.peak.values()) == 3  # the per-host limit, reached and never passed
    # the other host was served meanwhile, up to the total, before anything was answered
    assert (hosts.peak_total, hosts.answered_at_peak) == (5, 0)


async def test_a_hosts_connections_close_once_its_feeds_are_done(hosts: Hosts, desk) -> None:  # type: ignore[no-untyped-def]
    seen_closed: list[bool] = []

    def hold(host: str, path: str) -> None:
        if host == "127.0.0.2":  # answers only once the first host's connection is gone
            seen_closed.append(hosts.wait_for(lambda: hosts.closed["127.0.0.1"] > 0))

    hosts.hold = hold
    desk.add_feed(hosts.url(0, "/quick"))
    desk.add_feed(hosts.url(1, "/slow"))
    report = await refresh_feeds(desk, desk.feeds())
    assert {o.status for o in report.outcomes} == {"updated"}
    assert seen_closed == [True]


async def test_a_fetched_feed_waiting_for_a_parser_leaves_the_host_to_the_next(
    hosts: Hosts, desk, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.core import parse_pool

    real = parse_pool.ParsePool.submit
    saw_the_other: list[bool] = []

    async def behind(self, content: bytes, url: str, content_type: str):  # type: ignore[no-untyped-def]
        # the parsers are "behind": the first feed waits until the host has answered the other
        waited = 0.0
        while hosts.answered < 2 and waited < WAIT:
            await asyncio.sleep(0.01)
            waited += 0.01
        saw_the_other.append(hosts.answered >= 2)
        return await real(self, content, url, content_type)

    monkeypatch.setattr(parse_pool.ParsePool, "submit", behind)
    desk.add_feed(hosts.url(0, "/a"))
    desk.add_feed(hosts.url(0, "/b"))
    report = await refresh_feeds(desk, desk.feeds(), concurrency=4, per_host=1)
    assert {o.status for o in report.outcomes} == {"updated"}
    assert saw_the_other[0], "the host's one slot stayed taken while a parser was awaited"


@pytest.fixture
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An https server on 127.0.0.1 with a self-signed certificate: (feed URL, its cert)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    body = hostile.simple_rss(ITEMS, guid_prefix="tls")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}/feed", cert
    server.shutdown()
    server.server_close()


async def test_https_feeds_are_verified_against_the_trusted_certificates(
    tls_server: tuple[str, Path], desk, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    url, cert = tls_server
    desk.add_feed(url)
    (refused,) = (await refresh_feeds(desk, desk.feeds())).outcomes
    assert refused.status == "failed" and "Secure connection failed" in (refused.error or "")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trusted now, as httpx's own default
    (fetched,) = (await refresh_feeds(desk, desk.feeds(), force=True)).outcomes
    assert (fetched.status, fetched.new) == ("updated", 1)
