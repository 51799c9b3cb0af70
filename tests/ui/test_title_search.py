"""TitleSearch without a terminal: the rows and unread count of each search, fresh or typed on,
and a column built in a thread never overwriting a change made meanwhile."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from newsdesk.core.models import Article
from newsdesk.ui.title_search import TitleSearch

START = datetime(2026, 1, 1, tzinfo=UTC)
TITLES = ["Harbour ferry", "Storm on the quay", "HARBOUR budget", "Library night", "Tide"]


def article(n: int, title: str, read: bool = False) -> Article:
    return Article(
        id=f"a{n}",
        feed_id="f",
        guid=f"g{n}",
        title=title,
        link="",
        author="",
        published=START - timedelta(hours=n),
        read=read,
    )


def rows() -> list[Article]:
    return [article(n, t, read=n % 2 == 1) for n, t in enumerate(TITLES)]


def titles(found: list[Article]) -> list[str]:
    return [a.title for a in found]


def test_typing_on_finds_what_a_fresh_search_finds_with_the_same_unread_count() -> None:
    search = TitleSearch(rows())
    for typed in ("h", "ha", "harb", "harbour"):
        found = search.search(typed)
        fresh = TitleSearch(rows()).search(typed)
        assert titles(found) == titles(fresh)
        assert search.unread_in(found) == sum(not a.read for a in found)
    assert titles(found) == ["Harbour ferry", "HARBOUR budget"]
    # a query that does not extend the last one searches every row again
    assert titles(search.search("tide")) == ["Tide"]


def test_unread_count_of_a_first_letter_matches_a_count_of_its_rows() -> None:
    search = TitleSearch(rows())
    found = search.search("o")
    assert titles(found) == ["Harbour ferry", "Storm on the quay", "HARBOUR budget"]
    assert search.unread_in(found) == 2  # "Storm on the quay" is read
    assert search.unread_in(list(found)) is None  # only the list it returned is known


def test_other_matches_join_in_row_order_and_are_counted() -> None:
    search = TitleSearch(rows())
    found = search.search("harbour", extra_rows=[3])
    assert titles(found) == ["Harbour ferry", "HARBOUR budget", "Library night"]
    assert search.unread_in(found) == 2  # "Library night" is read


def test_a_changed_article_is_searched_and_counted_as_it_now_is() -> None:
    listed = rows()
    search = TitleSearch(listed)
    search.search("ha")
    new = dataclasses.replace(listed[4], title="Harbour tide", read=True)
    old, listed[4] = listed[4], new
    search.changed(4, old, new)
    found = search.search("har")  # typed on: must not narrow the stale "ha" result
    assert titles(found) == ["Harbour ferry", "HARBOUR budget", "Harbour tide"]
    assert search.unread_in(found) == 2


def test_a_column_built_while_an_article_changed_is_dropped() -> None:
    class ChangingRows(list[Article]):
        """Rows that change under the build, as the screen may while a thread builds."""

        changed = False

        def __iter__(self):  # type: ignore[no-untyped-def]
            for i, a in enumerate(list.__iter__(self)):
                if i == 2 and not self.changed:
                    self.changed = True
                    new = dataclasses.replace(self[1], title="Storm passes")
                    old, self[1] = self[1], new
                    search.changed(1, old, new)
                yield a

    listed = ChangingRows(rows())
    search = TitleSearch(listed)
    search.prepare()  # read "Storm on the quay" before the change: must not be kept
    assert listed.changed
    assert titles(search.search("quay")) == []
    assert titles(search.search("storm")) == ["Storm passes"]


def test_titles_beyond_ascii_match_as_text_does() -> None:
    found = ["Straße gesperrt", "Café Ünder", "Kaffee", "naïve — déjà vu", "İstanbul"]
    search = TitleSearch([article(n, t) for n, t in enumerate(found)])
    assert titles(search.search("strasse")) == ["Straße gesperrt"]  # ß casefolds to ss
    assert titles(search.search("é")) == ["Café Ünder", "naïve — déjà vu"]
    assert titles(search.search("café ü")) == ["Café Ünder"]
    assert titles(search.search("— d")) == ["naïve — déjà vu"]
    assert titles(search.search("ï")) == ["naïve — déjà vu"]
    assert titles(search.search("i̇stan")) == ["İstanbul"]  # İ casefolds to i + a dot above
