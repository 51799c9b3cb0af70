"""The desk shows a podcast episode's attachments and a refresh's notices."""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

import pytest
from desk_helpers import article_by_title, notifications, open_article, painted_text, reader
from feedserver import FeedServer, redirect, static
from uikit import SIZE, make_app, screen_text

from newsdesk.core.refresh import refresh_local
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.modals import LinksModal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import hostile  # noqa: E402

PODCAST = Path(__file__).parents[1] / "core" / "fixtures" / "podcast_rss.xml"
MP3 = "https://media.harbour-hour.example/episodes/12-breakwater.mp3"


@pytest.fixture
def browser_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def record(url: str, *args: object, **kwargs: object) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    return calls


async def test_an_episode_shows_its_attachment_and_l_opens_it(empty_store, browser_calls):  # type: ignore[no-untyped-def]
    feed = empty_store.add_feed(PODCAST.as_uri())
    assert refresh_local(empty_store, feed).status == "updated"
    episode = article_by_title(empty_store, "Episode 12")
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, episode.id)
        shown = painted_text(app, reader(app))
        assert "The engineers explain why the breakwater took three winters." in shown
        assert f"Attachments [1] audio/mpeg · 48.2 MB {MP3}" in shown
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LinksModal)
        text = screen_text(app)
        assert "This article has no links" not in text
        assert f"[1] audio/mpeg · 48.2 MB · {MP3}" in text
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert browser_calls == [MP3]


async def test_a_refresh_notice_is_shown_as_a_warning(  # type: ignore[no-untyped-def]
    empty_store, server: FeedServer, monkeypatch: pytest.MonkeyPatch
):
    import newsdesk.core.refresh as refresh

    # the test server is all on 127.0.0.1: "private" is decided by path here
    monkeypatch.setattr(refresh, "is_private_host", lambda url: "/inside" in url)
    target = server.add(
        "/inside/feed", static(hostile.simple_rss([("One", "https://a.example/1")]))
    )
    url = server.add("/feed", redirect(301, target))
    empty_store.add_feed(url, "Harbour \x1b[31mNews\u202e")
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [notice] = [n for n in notifications(app) if n.startswith("Notice: ")]
        assert notice.startswith("Notice: Harbour News: The feed says it moved permanently")
        assert target in notice and "\x1b" not in notice and "\u202e" not in notice
        assert [n.severity for n in app._notifications if n.title.startswith("Notice")] == [
            "warning"
        ]
