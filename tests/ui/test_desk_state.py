"""DeskState without a terminal: rows stay in step with the desk, search narrows correctly,
next unread walks from the row it is given, and articles sharing a date are told apart."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.core.ports import ArticleInput
from newsdesk.desk import Desk, open_desk
from newsdesk.ui.desk_state import DeskState, Filter
from newsdesk.ui.widgets.feed_list import FeedEntry

ALL = FeedEntry("all", "", "All articles", 0)
START = datetime(2026, 1, 1, tzinfo=UTC)


def item(n: int, title: str, when: datetime) -> ArticleInput:
    return ArticleInput(
        guid=f"g{n}",
        title=title,
        link=f"https://example.com/{n}",
        author="",
        published=when,
        updated=None,
        summary="",
        body="<p>body</p>",
    )


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    opened = open_desk(tmp_path / "desk.json")
    feed = opened.store.add_feed("https://example.com/feed", title="Example")
    titles = ["Harbour ferry", "Storm on the quay", "HARBOUR budget", "Library night", "Tide"]
    items = [item(n, t, START + timedelta(hours=n)) for n, t in enumerate(titles)]
    # three more sharing one date: rows must still be told apart
    items += [item(10 + n, f"Same hour {n}", START + timedelta(hours=2)) for n in range(3)]
    opened.store.upsert_articles(feed.id, items)
    yield opened
    opened.close()


def titles(articles: list) -> list[str]:  # type: ignore[type-arg]
    return [a.title for a in articles]


def test_search_typed_letter_by_letter_finds_what_a_fresh_search_finds(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    typed = [state.articles(Filter(ALL, query=q)) for q in ("h", "ha", "harb", "harbour")]
    fresh = DeskState(desk)
    fresh.load()
    assert titles(typed[-1]) == titles(fresh.articles(Filter(ALL, query="harbour")))
    assert titles(typed[-1]) == ["HARBOUR budget", "Harbour ferry"]  # newest first
    # a query that is not a longer form of the last one searches everything again
    assert titles(state.articles(Filter(ALL, query="tide"))) == ["Tide"]


def test_search_includes_matches_found_beyond_titles_in_order(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    library = next(a for a in state.rows if a.title == "Library night")
    found = state.articles(Filter(ALL, query="harbour", extra_ids=frozenset({library.id})))
    assert titles(found) == ["Library night", "HARBOUR budget", "Harbour ferry"]


def test_changed_article_replaces_its_own_row_among_rows_sharing_its_date(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    same = [a for a in state.rows if a.title.startswith("Same hour")]
    target = same[1]
    desk.set_read([target.id], True)
    state.refreshed([target.id])
    row = state.row_of(target.id)
    assert row is not None and state.rows[row].id == target.id and state.rows[row].read
    assert [a.read for a in state.rows if a.title.startswith("Same hour")] == [False, True, False]
    unread = state.articles(Filter(FeedEntry("unread", "", "Unread", 0)))
    assert target.id not in {a.id for a in unread}
    assert sum(state.unread_by_feed.values()) == len(state.rows) - 1


def test_next_unread_walks_from_the_given_row_and_skips_read_ones(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    rows = state.articles(Filter(ALL))
    desk.set_read([rows[1].id], True)
    state.refreshed([rows[1].id])
    found = state.next_unread(rows[0].id, 1, rows, at=0)
    assert found is not None and found.id == rows[2].id
    back = state.next_unread(rows[2].id, -1, rows)  # row looked up, not given
    assert back is not None and back.id == rows[0].id
    stale_at = state.next_unread(rows[0].id, 1, rows, at=5)  # a wrong row is not trusted
    assert stale_at is not None and stale_at.id == rows[2].id


def test_listed_gives_the_views_copy_until_the_view_takes_the_change(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    target = next(a for a in state.rows if a.title == "Tide")
    desk.set_read([target.id], True)
    listed = state.listed(target.id)
    assert listed is not None and not listed.read  # the view has not taken it yet
    state.refreshed([target.id])
    listed = state.listed(target.id)
    assert listed is not None and listed.read
    assert state.listed("no-such-article") is None


def test_a_row_whose_date_a_refresh_moved_is_still_found_until_the_view_reloads(
    desk: Desk,
) -> None:
    state = DeskState(desk)
    state.load()
    target = next(a for a in state.rows if a.title == "Library night")
    feed = desk.feeds()[0]
    moved = item(3, "Library night", START + timedelta(days=30))  # guid g3: the same article
    desk.store.upsert_articles(feed.id, [moved])
    assert desk.require_article(target.id).published != target.published
    row = state.row_of(target.id)  # the view holds rows, not models: found by its id
    assert row is not None and state.rows[row].id == target.id
    listed = state.listed(target.id)
    assert listed is not None and listed.id == target.id


def test_an_article_the_view_does_not_list_yet_is_not_found(desk: Desk) -> None:
    state = DeskState(desk)
    state.load()
    feed = desk.feeds()[0]
    desk.store.upsert_articles(feed.id, [item(99, "Arrived later", START + timedelta(hours=1))])
    added = next(a for a in desk.articles() if a.title == "Arrived later")
    assert state.row_of(added.id) is None and state.listed(added.id) is None
    state.load()
    assert state.listed(added.id) is not None
