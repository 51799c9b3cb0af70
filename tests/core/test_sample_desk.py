"""The bundled sample desk: every feed loads through the real refresh path, counts as shipped."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from newsdesk.core.parse import parse_feed
from newsdesk.core.sample import copy_sample_files, load_sample_desk, sample_files
from newsdesk.store import open_store

MANIFEST = json.loads(resources.files("newsdesk.sample").joinpath("MANIFEST.json").read_text())


def test_manifest_lists_every_sample_file_in_the_three_formats() -> None:
    assert sorted(m["file"] for m in MANIFEST) == sorted(p.name for p in sample_files())
    assert {m["format"] for m in MANIFEST} == {"rss20", "atom10", "json11"}
    assert sum(m["articles"] for m in MANIFEST) >= 30


def test_each_sample_file_parses_to_the_count_and_title_it_ships_with() -> None:
    by_name = {p.name: p for p in sample_files()}
    for entry in MANIFEST:
        parsed = parse_feed(by_name[entry["file"]].read_bytes(), by_name[entry["file"]].as_uri())
        assert parsed.title == entry["title"]
        assert parsed.kind == entry["format"]
        assert len(parsed.entries) == entry["articles"]
        assert all(e.title and e.published and e.content_html for e in parsed.entries)


def test_loading_the_sample_desk_stores_every_article_unread(tmp_path: Path) -> None:
    store = open_store(tmp_path / "desk.json")
    outcomes = load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    assert [o.status for o in outcomes] == ["updated"] * len(MANIFEST)
    total = sum(m["articles"] for m in MANIFEST)
    assert store.stats().as_dict() == {
        "feeds": len(MANIFEST),
        "articles": total,
        "unread": total,
        "starred": 0,
        "highlights": 0,
        "notes": 0,
        "failed_feeds": 0,
    }
    # loading again changes nothing: identity is stable
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    assert store.stats().articles == total
    store.close()


def test_sample_desk_has_the_structure_the_reader_is_built_for() -> None:
    html = "".join(p.read_text(encoding="utf-8") for p in sample_files())
    for needle in (
        "<h2",
        "<ul",
        "<ol",
        "<blockquote",
        "<img",
        "<pre",
        "<table",
        "<a href",
        "appeared first on",
        "[Read More]",
        "Comments are closed.",
    ):
        assert needle in html.replace("&lt;", "<"), needle


def test_sample_desk_has_three_stories_reported_by_two_or_more_outlets() -> None:
    """The compare view and claims board need the same events in several sample feeds."""
    from newsdesk.core.render import render_article
    from newsdesk.core.stories import StoryArticle, StoryIndex, lede_of

    articles = []
    for path in sample_files():
        parsed = parse_feed(path.read_bytes(), path.as_uri())
        for n, entry in enumerate(parsed.entries):
            text = render_article(entry.content_html).text
            assert entry.published is not None
            articles.append(
                StoryArticle(
                    f"{path.name}#{n}", path.name, entry.title, lede_of(text), entry.published
                )
            )
    index = StoryIndex()
    index.add(articles)
    shared = {sid: index.outlets(sid) for sid in index.stories(min_outlets=2)}
    titles = {
        sid: articles[[a.id for a in articles].index(sid.removeprefix("story:"))].title
        for sid in shared
    }
    assert len(shared) >= 3, titles
    assert any(len(outlets) >= 3 for outlets in shared.values()), titles
