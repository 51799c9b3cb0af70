"""Stories through the desk: grouped on first use, saved with the desk, decisions kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.core.models import Article
from newsdesk.core.ports import ArticleInput
from newsdesk.core.sample import copy_sample_files
from newsdesk.core.storystate import POSTINGS, SAVED_VERSION, story_part
from newsdesk.desk import Desk, open_desk
from newsdesk.desk.stories import html_head_text

STORM = "Storm Brannagh"


def sample_desk(tmp_path: Path) -> Desk:
    desk = open_desk(tmp_path / "desk.json")
    desk.load_sample(copy_sample_files(tmp_path / "feeds"))
    return desk


def storm_story(desk: Desk) -> str:
    row = next(r for r in desk.story_rows() if STORM in r.title)
    return row.id


def test_first_use_groups_the_whole_desk_with_progress(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    assert not desk.stories_loaded and not desk.stories_grouped_before()
    seen: list[tuple[int, int]] = []
    desk.ensure_stories(lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == len(desk.articles())
    assert desk.stories_grouped_before()  # saved in the desk
    rows = desk.story_rows()
    assert len(rows) == 5
    assert [len(r.outlets) for r in rows] == sorted((len(r.outlets) for r in rows), reverse=True)
    desk.close()


def test_story_title_and_articles_for_the_claims_board(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    story = storm_story(desk)
    articles = desk.story_articles(story)
    assert len({a.feed_id for a in articles}) == 3
    assert all(desk.story_of(a.id) == story for a in articles)
    assert desk.story_title(story) == articles[0].title
    assert articles == sorted(articles, key=lambda a: a.published)
    desk.close()


def test_split_and_merge_are_kept_across_a_reload(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    story = storm_story(desk)
    taken = desk.story_articles(story)[-1]
    alone = desk.split_from_story(taken.id)
    assert alone != story and desk.story_of(taken.id) == alone
    ferry = next(r.id for r in desk.story_rows() if "Ferry" in r.title)
    merged = desk.merge_stories(ferry, next(r.id for r in desk.story_rows() if "budget" in r.title))
    desk.close()

    again = open_desk(tmp_path / "desk.json")
    assert again.story_of(taken.id) == alone
    assert len(again.story_articles(story)) == 2
    assert len(again.story_articles(merged)) == 4
    again.close()


def test_a_refresh_groups_the_new_articles(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    story = next(r.id for r in desk.story_rows() if "Harbour Ward" in r.title)  # the newest
    first = desk.story_articles(story)[0]
    feed = desk.store.add_feed("https://late.example/feed", title="Late Wire")
    desk.store.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid="late-storm",
                title=first.title,
                link="https://late.example/storm",
                author="",
                published=first.published + timedelta(hours=3),
                updated=None,
                summary="",
                body=desk.store.body(first.id),
            )
        ],
    )
    assert desk.add_new_to_stories() == 1
    late = next(a for a in desk.articles() if a.feed_id == feed.id)
    assert desk.story_of(late.id) == story
    desk.close()


def late_copy(desk: Desk, of: Article) -> Article:
    """A new outlet's copy of `of`, three hours later, put in the desk as a refresh would."""
    feed = desk.store.add_feed("https://late.example/feed", title="Late Wire")
    item = ArticleInput(
        guid="late-copy",
        title=of.title,
        link="https://late.example/copy",
        author="",
        published=of.published + timedelta(hours=3),
        updated=None,
        summary="",
        body=desk.store.body(of.id),
    )
    desk.store.upsert_articles(feed.id, [item])
    return next(a for a in desk.articles() if a.feed_id == feed.id)


def test_a_refresh_rewrites_only_the_story_it_changed(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    story = next(r.id for r in desk.story_rows() if "Harbour Ward" in r.title)
    before = desk.store.story_state()
    assert before is not None and len(before.parts) > 10
    late = late_copy(desk, desk.story_articles(story)[0])
    assert desk.add_new_to_stories() == 1 and desk.story_of(late.id) == story
    after = desk.store.story_state()
    assert after is not None and after.parts.keys() == before.parts.keys()
    changed = {n for n, text in after.parts.items() if before.parts[n] != text}
    assert POSTINGS in changed and len(changed) == 2
    (written,) = changed - {POSTINGS}
    assert late.id in after.parts[written] and story in after.parts[written]
    desk.close()


def test_a_desk_saved_as_one_document_loads_and_is_saved_again_in_parts(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    rows = [(r.id, r.outlets) for r in desk.story_rows()]
    old_form = json.dumps(desk.ensure_stories().to_dict())
    desk.close()
    path = tmp_path / "desk.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stories"] = {"1": {"json": old_form}}  # what desks saved before, whole
    path.write_text(json.dumps(data), encoding="utf-8")

    again = open_desk(path)
    assert [(r.id, r.outlets) for r in again.story_rows()] == rows
    assert again.story_notice == ""
    again.close()
    saved = json.loads(path.read_text(encoding="utf-8"))["stories"]
    assert saved["1"]["version"] == SAVED_VERSION and "json" not in saved["1"]
    assert len(saved) > 10  # the head, the postings and the stories, each a document
    third = open_desk(path)
    assert [(r.id, r.outlets) for r in third.story_rows()] == rows
    third.close()


def test_refresh_before_any_grouping_leaves_grouping_for_first_use(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    assert desk.add_new_to_stories() == 0
    assert not desk.stories_loaded
    desk.close()


@pytest.mark.parametrize("form", ["single document", "parts"])
def test_malformed_saved_state_is_regrouped_and_said(tmp_path: Path, form: str) -> None:
    desk = sample_desk(tmp_path)
    desk.ensure_stories()
    if form == "parts":  # a story's part without its articles
        saved = desk.store.story_state()
        assert saved is not None
        desk.store.save_story_state(saved.head, {story_part(1): '{"id": 3}'})
    else:
        old_form = '{"version": 1, "window_hours": 72.0, "stories": [{"id": 3}]}'
        desk.store.save_story_state({"json": old_form}, {}, replace=True)
    desk.close()
    again = open_desk(tmp_path / "desk.json")
    assert len(again.story_rows()) == 5
    assert "regrouped" in again.story_notice
    again.close()


def test_stories_need_no_write_on_a_read_only_open(tmp_path: Path) -> None:
    sample_desk(tmp_path).close()
    before = (tmp_path / "desk.json").read_bytes()
    readonly = open_desk(tmp_path / "desk.json", readonly=True)
    assert len(readonly.story_rows()) == 5
    readonly.close()
    assert (tmp_path / "desk.json").read_bytes() == before


def test_since_leaves_out_older_stories(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    newest = max(a.published for a in desk.articles())
    days = (datetime.now(UTC) - newest).days
    assert desk.story_rows(since_days=days + 10)
    assert desk.story_rows(since_days=0.0001) == []
    desk.close()


def test_lede_is_plain_text_of_the_body_start() -> None:
    markup = "<script>x()</script><p>Storm&nbsp;<b>Brannagh</b> hit &amp; ran.</p>" + "w " * 400
    text = html_head_text(markup)
    assert text.startswith("Storm Brannagh hit & ran.")
    assert len(text) <= 300 and "<" not in text and "x()" not in text


async def test_adding_a_feed_groups_its_articles_into_loaded_stories(tmp_path: Path) -> None:
    from html import escape

    desk = sample_desk(tmp_path)
    story = next(r.id for r in desk.story_rows() if "Harbour Ward" in r.title)
    first = desk.story_articles(story)[0]
    when = (first.published + timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    feed_file = tmp_path / "late.xml"
    feed_file.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Late Wire</title>'
        "<link>https://late.example/</link><description>d</description><item>"
        f"<title>{escape(first.title)}</title><link>https://late.example/ward</link>"
        f"<guid>late-ward</guid><pubDate>{when}</pubDate>"
        f"<description>{escape(desk.store.body(first.id))}</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    added = await desk.add_feed(str(feed_file))
    late = next(a for a in desk.articles() if a.feed_id == added.feed.id)
    assert desk.story_of(late.id) == story
    desk.close()


def test_unreadable_saved_state_is_regrouped_and_said(tmp_path: Path) -> None:
    desk = sample_desk(tmp_path)
    desk.ensure_stories()
    desk.close()
    path = tmp_path / "desk.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stories"]["1"]["df"] = "%not base64%"  # damaged by hand or by another program
    path.write_text(json.dumps(data), encoding="utf-8")
    again = open_desk(tmp_path / "desk.json")
    assert len(again.story_rows()) == 5
    assert "regrouped" in again.story_notice
    again.close()


def test_grouping_in_chunks_groups_as_one_batch(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import newsdesk.desk.stories as stories

    def partition(desk: Desk) -> set[frozenset[str]]:  # stories as sets of guids
        groups: dict[str | None, set[str]] = {}
        for article in desk.articles():
            groups.setdefault(desk.story_of(article.id), set()).add(article.guid)
        return {frozenset(g) for g in groups.values()}

    whole = sample_desk(tmp_path / "whole")
    expected = partition(whole)
    monkeypatch.setattr(stories, "GROUP_CHUNK", 4)
    chunked = sample_desk(tmp_path / "chunked")
    seen: list[int] = []
    chunked.ensure_stories(lambda done, total: seen.append(done))
    assert partition(chunked) == expected
    assert seen == sorted(seen) and seen[-1] == len(chunked.articles())
    whole.close()
    chunked.close()


def test_config_story_window_is_read_and_a_bad_one_reported(tmp_path: Path) -> None:
    from newsdesk.config import load_config

    good = tmp_path / "good.toml"
    good.write_text("[stories]\nwindow_hours = 24\n", encoding="utf-8")
    config, problems = load_config(good)
    assert config.stories.window_hours == 24.0 and problems == []
    bad = tmp_path / "bad.toml"
    bad.write_text('[stories]\nwindow_hours = "long"\n', encoding="utf-8")
    config, problems = load_config(bad)
    assert config.stories.window_hours == 72.0
    assert any("stories.window_hours" in p for p in problems)


def test_a_changed_window_regroups(tmp_path: Path) -> None:
    from newsdesk.config import Config, StorySettings

    desk = sample_desk(tmp_path)
    desk.ensure_stories()
    desk.close()
    again = open_desk(tmp_path / "desk.json", config=Config(stories=StorySettings(24.0)))
    again.ensure_stories()
    assert "window" in again.story_notice
    assert again.ensure_stories().config.window_hours == 24.0
    again.close()


def test_a_removed_feed_no_longer_counts_among_a_storys_outlets(tmp_path: Path) -> None:
    """cron removed one outlet's feed from the open desk: the other outlets' rows kept ◆2,
    and `V` then said there was no other version to compare."""
    desk = sample_desk(tmp_path)
    sid = storm_story(desk)
    articles = desk.story_articles(sid)
    assert desk.story_outlets_of(articles[0].id) == 3
    gone = articles[-1].feed_id
    desk.remove_feed(gone)
    kept = [a for a in articles if a.feed_id != gone]
    assert all(desk.story_outlets_of(a.id) == 2 for a in kept)
