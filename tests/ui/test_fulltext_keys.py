"""`F` end to end with Pilot against a real local server: a summary-only feed's article shows
its summary, `F` fetches the page in a worker and shows the full article, `F` switches back;
a highlight made on the summary stays on the passage (and in the sidebar) across the switch.
`E` edits a feed's settings, the add modal's checkbox marks a new feed for full text."""

from __future__ import annotations

from desk_helpers import flat, open_article, painted_text, reader, sidebar
from feedserver import FeedServer
from summaryfeed import STORIES, page_path, serve_summary_feed
from textual.widgets import Checkbox, Input
from uikit import FIXED_NOW, SIZE, screen_text

from newsdesk.desk import Desk
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.screens.add_feed import AddFeedModal
from newsdesk.ui.screens.feed_settings import FeedSettingsModal

LEAD = STORIES[0].lead


def in_sidebar(app: NewsdeskApp) -> str:
    """The sidebar's text without the highlight bars at the start of each wrapped line."""
    return flat(painted_text(app, sidebar(app)).replace("▌", ""))


async def desk_with_summaries(store: TinyDBStore, server: FeedServer) -> tuple[Desk, str]:
    desk = Desk(store)
    await desk.add_feed(serve_summary_feed(server))
    first = next(a.id for a in desk.articles() if a.link == server.url(page_path(STORIES[0])))
    return desk, first


async def test_f_fetches_the_full_article_and_toggles_back(
    empty_store: TinyDBStore, server: FeedServer
) -> None:
    desk, first = await desk_with_summaries(empty_store, server)
    app = NewsdeskApp(desk, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, first)
        shown = painted_text(app, reader(app))
        assert "feed text" in shown and "Continue reading" in shown
        assert "This looks like a summary: F fetches the full article" in shown
        await pilot.press("h")  # the first sentence, on the summary
        await pilot.pause()
        assert LEAD in in_sidebar(app)

        await pilot.press("F")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = painted_text(app, reader(app))
        assert "full text" in shown and "coastal resilience fund" in shown
        assert "looks like a summary" not in shown
        assert server.hits(page_path(STORIES[0])) == 1
        assert LEAD in in_sidebar(app) and "orphaned" not in in_sidebar(app)
        (highlight,) = desk.highlights(first)
        text = app.screen.open_rendered.text
        assert text[highlight.start : highlight.end] == LEAD and not highlight.orphaned

        await pilot.press("F")
        await pilot.pause()
        shown = painted_text(app, reader(app))
        assert "feed text" in shown and "Continue reading" in shown
        assert "coastal resilience fund" not in shown
        assert server.hits(page_path(STORIES[0])) == 1  # switching never fetches again
        assert LEAD in in_sidebar(app)


async def test_a_key_pressed_while_the_page_is_fetched_is_handled(
    empty_store: TinyDBStore, server: FeedServer
) -> None:
    from feedserver import delayed, static

    desk, first = await desk_with_summaries(empty_store, server)
    server.add(page_path(STORIES[0]), delayed(1.0, static(b"<p>slow</p>", "text/html")))
    app = NewsdeskApp(desk, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, first)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("s")  # star while the fetch runs
        await pilot.pause()
        assert desk.article(first).starred  # type: ignore[union-attr]
        running = [w for w in app.workers if w.group == "fulltext" and not w.is_finished]
        assert running  # the star was handled before the page came
        await app.workers.wait_for_complete()


async def test_refresh_fetches_the_full_articles_of_a_full_text_feed(
    empty_store: TinyDBStore, server: FeedServer
) -> None:
    desk = Desk(empty_store)
    await desk.add_feed(serve_summary_feed(server, STORIES[:1]))
    (feed,) = desk.feeds()
    desk.update_feed_settings(feed.id, full_text=True)
    serve_summary_feed(server, STORIES)
    app = NewsdeskApp(desk, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        new = next(a for a in desk.articles() if a.link.endswith(page_path(STORIES[1])))
        assert new.has_full and new.show_full
        assert "Fetched 1 full article" in screen_text(app)
    assert server.hits(page_path(STORIES[0])) == 0  # only new items are fetched


async def test_e_edits_the_feeds_title_tags_and_full_text_switch(
    empty_store: TinyDBStore, server: FeedServer
) -> None:
    desk, first = await desk_with_summaries(empty_store, server)
    feed_id = desk.articles()[0].feed_id
    app = NewsdeskApp(desk, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(pilot, first)
        await pilot.press("E")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FeedSettingsModal)
        modal.query_one("#fs-title", Input).value = "Briefs"
        modal.query_one("#fs-tags", Input).value = "local, harbour"
        modal.query_one("#fs-full-text", Checkbox).value = True
        modal.query_one("#fs-title", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    feed = desk.feed(feed_id)
    assert feed is not None
    assert (feed.title, feed.tags, feed.full_text) == ("Briefs", ("local", "harbour"), True)


async def test_the_add_modal_marks_a_new_feed_for_full_text(
    empty_store: TinyDBStore, server: FeedServer
) -> None:
    url = serve_summary_feed(server)
    desk = Desk(empty_store)
    app = NewsdeskApp(desk, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, AddFeedModal)
        modal.query_one("#add-feed-url", Input).value = url
        modal.query_one("#add-feed-full-text", Checkbox).value = True
        modal.query_one("#add-feed-url", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
    (feed,) = desk.feeds()
    assert feed.full_text
    assert all(a.has_full for a in desk.articles())
    assert server.hits(page_path(STORIES[1])) == 1
