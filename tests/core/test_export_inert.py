"""Markdown export: text from feeds is inert; the user's own notes keep only safe Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.core.export import export_markdown, md_inline, md_note
from newsdesk.core.models import Article, Highlight, Note
from newsdesk.store import Store, open_store

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "desk.json")
    feed = store.add_feed("https://evil.example/feed", f"Feed {SCRIPT}")
    article = store.restore_article(
        Article(
            id="",
            feed_id=feed.id,
            guid="g",
            title=f"Title {IMG} {JS_LINK}",
            link="https://evil.example/a>b <x>",
            published=datetime(2026, 11, 1, tzinfo=UTC),
            tags=(f"t{SCRIPT}",),
        )
    )
    highlight = store.add_highlight(
        Highlight(id="c1", article_id=article.id, quote=f"{IMG}\n{JS_LINK}\n> {SCRIPT}")
    )
    store.add_note(
        Note(
            id="d1",
            article_id=article.id,
            highlight_id=highlight.id,
            text="**mine** [ok](https://ok.example/) [bad](javascript:alert(1)) <b>raw</b>",
        )
    )
    yield store
    store.close()


def test_feed_fields_and_quotes_come_out_inert(desk: Store) -> None:
    md = export_markdown(desk, now=NOW)
    for active in ("<img", "<script", "<x>", "a>b"):
        assert active not in md
    assert not re.search(r"(?<!\\)\]\((?i:javascript)", md)
    assert "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "\\[x\\](javascript:alert(1))" in md
    assert "- Source: <https://evil.example/a%3Eb%20%3Cx%3E>" in md


def test_the_note_keeps_its_markdown_but_loses_unsafe_links_and_html(desk: Store) -> None:
    md = export_markdown(desk, now=NOW)
    assert "**mine** [ok](https://ok.example/)" in md
    assert "[bad]\\(javascript:alert(1))" in md
    assert "&lt;b>raw&lt;/b>" in md


@pytest.mark.parametrize(
    "text",
    [
        "[a](data:text/html,x)",
        "[a](JaVaScRiPt&#58;alert(1))",
        "![i]( javascript:alert(1))",
        "<javascript:alert(1)>",
        "[ref]: javascript:alert(1)",
        "<iframe src=x>",
    ],
)
def test_md_note_neutralises_every_active_form(text: str) -> None:
    out = md_note(text)
    assert "](j" not in out.lower() and "](d" not in out and "<j" not in out
    assert "<iframe" not in out and not out.startswith("[ref]:")


def test_md_note_keeps_safe_links_and_fenced_code() -> None:
    text = "<https://a.example/> [m](mailto:x@y.example) [r](/rel)\n```\n<b>code</b>\n```"
    assert md_note(text) == text


def test_md_inline_escapes_markup_but_keeps_letters() -> None:
    assert md_inline("a *b* _c_ `d` \\ é שלום") == "a \\*b\\* \\_c\\_ \\`d\\` \\\\ é שלום"
