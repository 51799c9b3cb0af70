"""The summary-only demo feed: its items' pages ship with newsdesk and extract offline."""

from __future__ import annotations

from pathlib import Path

from newsdesk.core.pagefetch import PageRequest, extract_pages
from newsdesk.core.parse import parse_feed
from newsdesk.core.sample import copy_fulltext_sample, sample_page_map

BOILERPLATE = (
    "We use cookies",
    "Get the Gazette in your inbox",
    "More from the Gazette",
    "All rights reserved",
    "Contact the newsroom",
    "Search the Gazette",
)


def test_demo_feed_is_summary_only_and_each_item_maps_to_a_shipped_page(tmp_path: Path) -> None:
    feed_path = copy_fulltext_sample(tmp_path)
    feed = parse_feed(feed_path.read_bytes(), feed_path.as_uri())
    pages = sample_page_map(tmp_path)
    assert 5 <= len(feed.entries) <= 6
    assert sorted(e.link for e in feed.entries) == sorted(pages)
    for entry in feed.entries:
        assert len(entry.summary) < 200
        assert pages[entry.link].is_file()
    assert any(e.summary.endswith(("Continue reading…", "[…]")) for e in feed.entries)


async def test_every_demo_page_extracts_offline_without_its_boilerplate(tmp_path: Path) -> None:
    feed_path = copy_fulltext_sample(tmp_path)
    feed = parse_feed(feed_path.read_bytes(), feed_path.as_uri())
    requests = [PageRequest(e.link, e.title, e.summary) for e in feed.entries]
    results = await extract_pages(requests, local_pages=sample_page_map(tmp_path))
    assert [r.error for r in results] == [None] * len(requests)
    for entry, result in zip(feed.entries, results, strict=True):
        article = result.article
        assert article is not None
        assert article.title == entry.title
        assert article.published is not None and article.published.utcoffset() is not None
        words = len(article.text.split())
        assert 380 <= words <= 950, (entry.link, words)
        for junk in BOILERPLATE:
            assert junk not in article.text, (entry.link, junk)
    bodies = " ".join(r.article.html for r in results if r.article)
    assert "<table>" in bodies and "<blockquote>" in bodies and "<li>" in bodies


async def test_an_address_outside_the_page_map_is_not_read_from_disk(tmp_path: Path) -> None:
    copy_fulltext_sample(tmp_path)
    pages = sample_page_map(tmp_path)
    stray = (tmp_path / "pages" / "library-reopens.html").as_uri()
    (result,) = await extract_pages([stray], local_pages=pages)
    assert result.error == "Local files are not fetched from feed links"


def test_sample_desk_with_the_demo_feed_stores_its_summaries(tmp_path: Path) -> None:
    from newsdesk.core.sample import copy_sample_files, load_sample_desk
    from newsdesk.store import open_store

    plain = open_store(tmp_path / "plain.json")
    load_sample_desk(plain, copy_sample_files(tmp_path / "plain"))
    store = open_store(tmp_path / "desk.json")
    outcomes = load_sample_desk(store, copy_sample_files(tmp_path / "feeds", with_fulltext=True))
    assert all(o.status == "updated" for o in outcomes)
    before, after = plain.stats().as_dict(), store.stats().as_dict()
    assert after["feeds"] == before["feeds"] + 1
    assert after["articles"] == before["articles"] + 5
    assert sorted(sample_page_map(tmp_path / "feeds")) == sorted(
        a.link
        for a in store.articles()
        if a.link.startswith("https://harbour-gazette.example/briefs/")
    )
