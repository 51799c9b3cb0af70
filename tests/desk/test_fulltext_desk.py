"""Full articles through the desk layer: fetched from a real local server, kept beside the
feed's text, never fetched twice, switched, and annotations carried across the switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import FeedServer, static
from summaryfeed import STORIES, page_path, serve_summary_feed

from newsdesk.config import Config, load_config
from newsdesk.core.errors import NotFoundError
from newsdesk.core.summary import looks_like_summary
from newsdesk.desk import Desk, open_desk


async def subscribed(desk: Desk, server: FeedServer, **options: object) -> list[str]:
    """The summary feed added to the desk; its article ids, in story order."""
    result = await desk.add_feed(serve_summary_feed(server), **options)  # type: ignore[arg-type]
    by_link = {a.link: a.id for a in desk.articles() if a.feed_id == result.feed.id}
    return [by_link[server.url(page_path(s))] for s in STORIES]


async def test_a_summary_is_offered_the_full_article_and_shows_it_once_fetched(
    desk: Desk, server: FeedServer
) -> None:
    first, _ = await subscribed(desk, server)
    before = desk.open_article(first)
    assert before.version == "feed" and not before.has_full and before.summary_only
    report = await desk.fetch_full_text([first])
    assert [r.status for r in report.results] == ["fetched"]
    after = desk.open_article(first)
    assert after.version == "full" and after.has_full and not after.summary_only
    assert "coastal resilience fund" in after.rendered.text
    assert "Terms of use" not in after.rendered.text  # the page's footer is not the article
    assert desk.store.body(first).count("Continue reading") == 1  # the feed's text is kept


async def test_an_article_with_its_full_text_is_never_fetched_again(
    desk: Desk, server: FeedServer
) -> None:
    first, second = await subscribed(desk, server)
    await desk.fetch_full_text([first])
    report = await desk.fetch_full_text([first, second])
    assert [r.status for r in report.results] == ["has_full", "fetched"]
    assert server.hits(page_path(STORIES[0])) == 1
    assert desk.lacking_full_text() == []


async def test_a_failed_page_keeps_the_feed_text_and_says_why(
    desk: Desk, server: FeedServer
) -> None:
    first, second = await subscribed(desk, server)
    server.add(page_path(STORIES[0]), static(b"gone", "text/plain", status=404))
    report = await desk.fetch_full_text([first, second])
    failed, fetched = report.results
    assert failed.status == "failed" and failed.error == "HTTP 404 Not Found"
    assert fetched.status == "fetched"
    opened = desk.open_article(first)
    assert opened.version == "feed" and "rebuild the north breakwater" in opened.rendered.text
    assert report.summary() == "Full text: 1 fetched, 1 failed"


async def test_toggle_switches_texts_and_the_choice_is_remembered(
    server: FeedServer, tmp_path: Path
) -> None:
    desk = open_desk(tmp_path / "toggle.json")
    try:
        first, _ = await subscribed(desk, server)
        with pytest.raises(NotFoundError, match="no full text yet"):
            desk.toggle_version(first)
        await desk.fetch_full_text([first])
        assert desk.toggle_version(first) == "feed"
    finally:
        desk.close()
    again = open_desk(tmp_path / "toggle.json")
    try:
        assert again.open_article(first).version == "feed"
        assert again.toggle_version(first) == "full"
        assert "eleven million pounds" in again.open_article(first).rendered.text
    finally:
        again.close()


async def test_a_highlight_on_the_summary_reanchors_onto_the_full_text_and_back(
    desk: Desk, server: FeedServer
) -> None:
    first, _ = await subscribed(desk, server)
    summary = desk.open_article(first).rendered
    start = summary.text.index("north breakwater")
    made = desk.add_highlight(first, summary, start, start + len("north breakwater"))
    assert made.version == "feed"
    await desk.fetch_full_text([first])
    full = desk.open_article(first)
    (on_full,) = full.highlights
    assert not on_full.orphaned
    assert full.rendered.text[on_full.start : on_full.end] == "north breakwater"
    desk.toggle_version(first)
    (back,) = desk.open_article(first).highlights
    assert not back.orphaned and back.start == start


async def test_a_passage_only_in_the_full_text_is_not_orphaned_by_switching(
    desk: Desk, server: FeedServer
) -> None:
    first, _ = await subscribed(desk, server)
    await desk.fetch_full_text([first])
    full = desk.open_article(first).rendered
    start = full.text.index("temporary pontoon")
    made = desk.add_highlight(first, full, start, start + len("temporary pontoon"))
    assert made.version == "full"
    desk.toggle_version(first)
    (shown,) = desk.open_article(first).highlights
    assert shown.orphaned  # not in the summary: not painted there
    assert not desk.highlight(made.id).orphaned  # type: ignore[union-attr]
    desk.toggle_version(first)
    (again,) = desk.open_article(first).highlights
    assert not again.orphaned and full.text[again.start : again.end] == "temporary pontoon"


async def test_new_items_of_a_full_text_feed_are_fetched_after_a_refresh(
    desk: Desk, server: FeedServer
) -> None:
    url = serve_summary_feed(server, STORIES[:1])
    added = await desk.add_feed(url, full_text=True)
    assert added.feed.full_text
    assert desk.last_full_text is not None and desk.last_full_text.count("fetched") == 1
    serve_summary_feed(server, STORIES)  # the feed now has a second item
    seen: list[tuple[int, int]] = []
    await desk.refresh(force=True, on_full_text=lambda d, t, _r: seen.append((d, t)))
    assert seen == [(1, 1)]
    assert all(a.has_full and a.show_full for a in desk.articles())
    assert server.hits(page_path(STORIES[0])) == 1  # the first was not fetched twice


async def test_a_feed_without_the_switch_is_not_fetched_after_a_refresh(
    desk: Desk, server: FeedServer
) -> None:
    await subscribed(desk, server)
    await desk.refresh(force=True)
    assert desk.last_full_text is None
    assert server.hits(page_path(STORIES[0])) == 0


async def test_the_config_glob_switches_full_text_on_for_matching_feeds(
    tmp_path: Path, server: FeedServer
) -> None:
    config = Config(full_text={f"{server.base}/*": True})
    desk = open_desk(tmp_path / "glob.json", config=config)
    try:
        await subscribed(desk, server)
        assert all(a.has_full for a in desk.articles())
    finally:
        desk.close()


def test_config_feeds_tables_are_read_and_problems_named_by_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[feeds."https://news.example/*"]\nfull_text = true\n'
        '[feeds."https://other.example/rss"]\nfull_text = "yes"\ncolour = 3\n'
        '[feeds."*"]\nfull_text = false\n',
        encoding="utf-8",
    )
    config, problems = load_config(path)
    assert config.full_text == {"https://news.example/*": True, "*": False}
    assert not config.feed_full_text("https://news.example/rss")  # the last glob wins
    assert any('feeds."https://other.example/rss".full_text must be' in p for p in problems)
    assert any('feeds."https://other.example/rss".colour\' ignored' in p for p in problems)


def test_feed_settings_change_title_tags_and_the_switch(desk: Desk) -> None:
    feed = desk.store.add_feed("https://news.example/rss")
    changed = desk.update_feed_settings(
        feed.id, title=" Harbour ", tags=["local", " local", ""], full_text=True
    )
    assert (changed.title, changed.tags, changed.full_text) == ("Harbour", ("local",), True)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("One short teaser sentence.", True),
        ("word " * 100 + "Continue reading →", True),
        ("word " * 100 + "[Read More]", True),
        ("word " * 100 + "and then…", True),
        ("word " * 100 + "and that is the end of it.", False),
    ],
)
def test_looks_like_summary(text: str, summary: bool) -> None:
    assert looks_like_summary(text) is summary


async def test_pages_extracted_in_a_worker_process_like_the_open_desk_does(
    tmp_path: Path, server: FeedServer
) -> None:
    desk = open_desk(tmp_path / "processes.json")
    desk.extract_processes = 1  # what `newsdesk` sets for the open desk
    try:
        first, second = await subscribed(desk, server)
        report = await desk.fetch_full_text([first, second])
        assert [r.status for r in report.results] == ["fetched", "fetched"]
        assert desk._extract_pool is not None
        assert "eleven million pounds" in desk.open_article(first).rendered.text
    finally:
        desk.close()
    assert desk._extract_pool is None  # the worker ends with the desk


async def test_the_sample_desk_fetches_only_its_bundled_pages(desk: Desk, tmp_path: Path) -> None:
    """`newsdesk --demo` promises never to touch the network: an article whose page is not
    bundled fails at once with the reason, and no request is made for it."""
    from newsdesk.core.sample import copy_sample_files, sample_page_map
    from newsdesk.desk.fulltext import OFFLINE_ONLY

    desk.load_sample(copy_sample_files(tmp_path / "feeds", with_fulltext=True))
    desk.local_pages = sample_page_map(tmp_path / "feeds")
    bundled = next(a for a in desk.articles() if a.link in desk.local_pages)
    elsewhere = next(
        a
        for a in desk.articles()
        if a.link.startswith("https://") and a.link not in desk.local_pages
    )
    report = await desk.fetch_full_text([elsewhere.id, bundled.id])
    assert [(r.status, r.error) for r in report.results] == [
        ("failed", OFFLINE_ONLY),
        ("fetched", None),
    ]
