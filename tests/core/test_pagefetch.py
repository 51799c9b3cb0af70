"""Fetching and extracting article pages from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from feedserver import FeedServer, dribble, huge, redirect, send, static
from pagefixtures import ENGLISH, FRENCH, HOSTILE_ARTICLE, article_page, cookie_wall_page

from newsdesk.core.pagefetch import PageRequest, PageResult, extract_pages

HTML = "text/html; charset=utf-8"
SUMMARY = "The harbour authority will rebuild the north breakwater over three summers. […]"


def page_bytes(title: str = "Breakwater to be rebuilt over three summers") -> bytes:
    return article_page(ENGLISH, title=title).encode()


async def test_pages_come_back_in_input_order_with_errors_in_place(server: FeedServer) -> None:
    first = server.add("/one", static(page_bytes("First story"), HTML))
    broken = server.add("/missing", static(b"gone", "text/plain", status=404))
    second = server.add("/two", static(page_bytes("Second story"), HTML))
    seen: list[tuple[int, int]] = []
    results = await extract_pages(
        [first, broken, second], progress=lambda done, total, _r: seen.append((done, total))
    )
    assert [r.url for r in results] == [first, broken, second]
    assert results[0].article is not None and results[0].article.title == "First story"
    assert results[1].error == "HTTP 404 Not Found" and results[1].article is None
    assert results[2].article is not None and results[2].article.title == "Second story"
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


async def test_requests_name_newsdesk_full_text_and_ask_for_html(server: FeedServer) -> None:
    url = server.add("/page", static(page_bytes(), HTML))
    (result,) = await extract_pages([url])
    assert result.ok
    headers = server.log[0][1]
    assert "newsdesk/" in headers["user-agent"] and "(+full-text)" in headers["user-agent"]
    assert headers["accept"].startswith("text/html")


async def test_a_pdf_is_not_an_html_page(server: FeedServer) -> None:
    url = server.add("/paper.pdf", static(b"%PDF-1.7\n...", "application/pdf"))
    (result,) = await extract_pages([url])
    assert result.error == "not an HTML page: application/pdf"


async def test_cookie_wall_is_reported_as_no_article(server: FeedServer) -> None:
    url = server.add("/wall", static(cookie_wall_page().encode(), HTML))
    (result,) = await extract_pages([PageRequest(url, summary_hint=SUMMARY)])
    assert result.error is not None and "less text than the feed's summary" in result.error


async def test_empty_page_is_reported(server: FeedServer) -> None:
    url = server.add("/empty", static(b"", HTML))
    (result,) = await extract_pages([url])
    assert result.error == "The page is empty"


async def test_page_over_the_size_cap_is_refused(server: FeedServer) -> None:
    url = server.add("/huge", huge(3 * 1024 * 1024, unsized=True))
    (result,) = await extract_pages([url], max_bytes=1024 * 1024)
    assert result.error == "Page too large: over 1 MB"


async def test_endless_redirect_is_stopped(server: FeedServer) -> None:
    server.add("/a", redirect(302, "/b"))
    url = server.add("/b", redirect(302, "/a"))
    for n in range(10):
        server.add(f"/chain/{n}", redirect(301, f"/chain/{n + 1}"))
    loop, chain = await extract_pages([url, server.url("/chain/0")])
    assert loop.error is not None and "redirects in a loop" in loop.error
    assert chain.error == "Too many redirects (more than 5)"


async def test_slow_server_is_cut_at_the_deadline(server: FeedServer) -> None:
    url = server.add("/slow", dribble(30))
    (result,) = await extract_pages([url], deadline=1.0)
    assert result.error == "Timed out after 1 s"


async def test_charset_that_lies_still_extracts(server: FeedServer) -> None:
    body = article_page(FRENCH, charset_meta="x-no-such-charset").encode("cp1252")
    url = server.add("/lies", static(body, "text/html; charset=utf-8"))
    (result,) = await extract_pages([url])
    assert result.article is not None and "Le café du port" in result.article.text


async def test_hostile_page_from_the_network_is_sanitised(server: FeedServer) -> None:
    body = article_page(ENGLISH, extra_article=HOSTILE_ARTICLE).encode()
    url = server.add("/hostile", static(body, HTML))
    (result,) = await extract_pages([url])
    assert result.article is not None
    html = result.article.html.lower()
    for bad in ("<script", "<iframe", "onclick", "onerror", "javascript", "data:", "file:"):
        assert bad not in html
    assert "\x1b" not in result.article.text


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/x"]
)
async def test_redirect_to_a_non_http_scheme_is_refused(server: FeedServer, target: str) -> None:
    url = server.add("/jump", redirect(302, target))
    (result,) = await extract_pages([url])
    assert result.error == "Redirected to an address that is not http(s)"


async def test_extraction_that_raises_fails_only_its_page(
    server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.core.extract as extract

    good = server.add("/good", static(page_bytes("Survivor"), HTML))
    bad = server.add("/bad", static(page_bytes("Boom"), HTML))
    real = extract._trafilatura

    def flaky(root, url, marks, fast=False):  # type: ignore[no-untyped-def]
        if url.endswith("/bad"):
            raise RuntimeError("extractor bug")
        return real(root, url, marks, fast)

    monkeypatch.setattr(extract, "_trafilatura", flaky)
    bad_result, good_result = await extract_pages([bad, good])
    assert bad_result.error == "Extraction failed: extractor bug"
    assert good_result.article is not None and good_result.article.title == "Survivor"


async def test_at_most_two_requests_are_in_flight_to_one_host(server: FeedServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}
    body = page_bytes()

    def counted(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)  # long enough for every request the client allows to arrive
        with lock:
            state["now"] -= 1
        send(handler, 200, body, HTML)

    urls = [server.add(f"/p/{n}", counted) for n in range(8)]
    results = await extract_pages(urls, concurrency=8)
    assert all(r.ok for r in results)
    assert state["most"] == 2


async def test_file_urls_are_refused_without_a_local_root(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(page_bytes())
    (result,) = await extract_pages([page.as_uri()])
    assert result.error == "Local files are not fetched from feed links"


async def test_file_urls_inside_the_local_root_are_read(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.html").write_bytes(page_bytes("Local story"))
    outside = tmp_path / "secret.html"
    outside.write_bytes(page_bytes("Secret"))
    (pages / "link.html").symlink_to(outside)
    inside, escaped, dotdot = await extract_pages(
        [
            (pages / "story.html").as_uri(),
            (pages / "link.html").as_uri(),
            pages.as_uri() + "/../secret.html",
        ],
        local_root=pages,
    )
    assert inside.article is not None and inside.article.title == "Local story"
    assert escaped.error == "Local file outside the sample pages: not read"
    assert dotdot.error == "Local file outside the sample pages: not read"


async def test_a_directory_inside_the_local_root_is_not_a_page(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (result,) = await extract_pages([(tmp_path / "folder").as_uri()], local_root=tmp_path)
    assert result.error is not None and result.error.startswith("Not a regular file")


def test_page_result_without_an_article_is_not_ok() -> None:
    assert not PageResult("https://x.example/", error="HTTP 500").ok
