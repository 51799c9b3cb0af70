"""`newsdesk extract`, run as a user would, in a subprocess, on local files and a local server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))

from feedserver import FeedServer, static  # noqa: E402
from pagefixtures import ENGLISH, HOSTILE_ARTICLE, article_page  # noqa: E402

KEYS = {"url", "title", "author", "published", "text", "html", "extractor", "error"}
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def newsdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.close()


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "story.html"
    path.write_text(article_page(ENGLISH, extra_article=HOSTILE_ARTICLE), encoding="utf-8")
    return path


def test_json_prints_one_object_per_input_in_order_and_fails_with_status_1(
    page: Path, server: FeedServer, tmp_path: Path
) -> None:
    web = server.add(
        "/story", static(article_page(ENGLISH, title="From the web").encode(), "text/html")
    )
    pdf = server.add("/doc.pdf", static(b"%PDF-1.7", "application/pdf"))
    missing = str(tmp_path / "missing.html")
    done = newsdesk(str(page), web, missing, pdf, "--json")
    assert done.returncode == 1
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [set(row) for row in rows] == [KEYS] * 4
    assert [row["url"] for row in rows] == [str(page), web, missing, pdf]
    local, remote, gone, paper = rows
    assert local["error"] is None and local["extractor"] in ("trafilatura", "readability")
    assert local["title"] == "Breakwater to be rebuilt over three summers"
    assert local["published"] == "2026-11-24T07:05:00+00:00"
    assert ENGLISH[0] in local["text"] and "<p>" in local["html"]
    assert remote["error"] is None and remote["title"] == "From the web"
    assert gone["error"].startswith("File not found") and gone["text"] is None
    assert paper["error"] == "not an HTML page: application/pdf"


def test_all_pages_extracted_exits_0(page: Path) -> None:
    done = newsdesk(str(page), "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["error"] is None


@pytest.mark.parametrize("form", ["text", "md", "html"])
def test_printed_article_has_no_control_or_escape_sequences(page: Path, form: str) -> None:
    done = newsdesk(str(page), "--format", form)
    assert done.returncode == 0
    assert "Breakwater to be rebuilt over three summers" in done.stdout
    assert "north breakwater will be rebuilt" in done.stdout
    assert not ESCAPES.search(done.stdout.replace("\n", ""))
    assert "INJECTED SCRIPT TEXT" not in done.stdout


def test_markdown_format_marks_the_title_as_a_heading(page: Path) -> None:
    done = newsdesk(str(page), "--format", "md")
    assert done.stdout.startswith("# Breakwater to be rebuilt over three summers\n")


def test_a_failed_page_is_reported_on_stderr_without_stopping_the_others(
    page: Path, tmp_path: Path
) -> None:
    done = newsdesk(str(tmp_path), str(page))
    assert done.returncode == 1
    assert "Not a regular file" in done.stderr
    assert "north breakwater will be rebuilt" in done.stdout


def test_a_titles_markup_stays_inert_and_the_title_is_given_once(tmp_path: Path) -> None:
    """A page titled `[x](javascript:…)` was a live link in --format md, its title printed
    twice (unescaped, then escaped); --format html began with plain lines."""
    page = tmp_path / "hostile.html"
    page.write_text(article_page(ENGLISH, title="Breakwater [x](javascript:y) *rebuilt*"))
    md = newsdesk(str(page), "--format", "md").stdout
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # only an escaped bracket before it
    assert md.count("Breakwater") == 1
    assert md.startswith("# Breakwater \\[x\\]")
    html = newsdesk(str(page), "--format", "html").stdout
    assert html.startswith("<h1>") and html.count("<h1>") == 1


def test_an_address_with_an_escape_is_a_bad_address_not_a_traceback(page: Path) -> None:
    """httpx refused the address with InvalidURL, which nothing caught: a traceback, rc 1."""
    result = newsdesk("http://127.0.0.1:9/\x1b[31mred", str(page))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert "Not a valid address" in result.stderr
    assert result.stdout.strip()  # the other page still printed
