"""How an attachment (a podcast enclosure) is described, and that a podcast feed keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core.attachments import attachment_line, describe, human_size, openable
from newsdesk.core.enclosure import Enclosure
from newsdesk.core.refresh import refresh_local

PODCAST = Path(__file__).parent / "fixtures" / "podcast_rss.xml"


@pytest.mark.parametrize(
    ("length", "shown"),
    [
        (0, ""),
        (999, "999 B"),
        (1000, "1.0 KB"),
        (48234567, "48.2 MB"),
        (123456789, "123 MB"),
        (3_200_000_000, "3.2 GB"),
        (10**18, "1000000 TB"),
    ],
)
def test_human_size_uses_decimal_units(length: int, shown: str) -> None:
    assert human_size(length) == shown


def test_attachment_line_is_one_clean_line() -> None:
    hostile = Enclosure("https://media.example/a.mp3", "audio/\x1b[31mmpeg\u202e\n", 2_500_000)
    line = attachment_line(hostile)
    assert line == "audio/mpeg · 2.5 MB · https://media.example/a.mp3"
    assert describe(Enclosure("https://media.example/x")) == "file"


def test_only_web_addresses_are_openable() -> None:
    good = Enclosure("https://media.example/a.mp3")
    assert openable([Enclosure("javascript:alert(1)"), good, Enclosure("file:///etc/x")]) == [good]


def test_a_podcast_feed_keeps_its_enclosures_in_the_store(tmp_path: Path) -> None:
    from newsdesk.store import open_store

    store = open_store(tmp_path / "desk.json")
    try:
        feed = store.add_feed(PODCAST.as_uri())
        assert refresh_local(store, feed).status == "updated"
        by_title = {a.title: a.id for a in store.articles()}
        newest = by_title["Episode 12: The new breakwater"]
        older = by_title["Episode 11: Ferry timetables"]
        assert store.enclosures(newest) == [
            Enclosure(
                "https://media.harbour-hour.example/episodes/12-breakwater.mp3",
                "audio/mpeg",
                48234567,
            )
        ]
        # the javascript: enclosure of episode 11 never reaches the store
        assert [e.url for e in store.enclosures(older)] == [
            "https://media.harbour-hour.example/episodes/11-ferries.m4a"
        ]
    finally:
        store.close()
