"""A permanent redirect never re-points a subscription at this machine or a private network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import hostile
import pytest

from newsdesk.core.fetch import FetchResult
from newsdesk.core.localfeed import is_private_host
from newsdesk.core.parse import parse_feed
from newsdesk.core.refresh import _apply

PUBLIC = "https://news.example/feed"


@pytest.fixture
def desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    from newsdesk.store import open_store

    store = open_store(tmp_path / "desk.json")
    yield store
    store.close()


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:8080/feed",
        "http://localhost/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/feed",
        "http://192.168.0.1/feed",
        "http://[::1]/feed",
        "http://[::ffff:10.0.0.1]/feed",
        "http://router.local/feed",
    ],
)
def test_redirect_to_private_address_is_not_stored(desk, target: str) -> None:  # type: ignore[no-untyped-def]
    feed = desk.add_feed(PUBLIC)
    content = hostile.simple_rss([("One", "https://news.example/1")])
    result = FetchResult(target, 200, content, permanent_url=target)
    outcome = _apply(desk, feed, parse_feed(content, target), result, datetime.now(UTC), target)
    assert desk.feed(feed.id).url == PUBLIC
    assert outcome.status == "updated" and outcome.notice and target[:20] in outcome.notice
    assert outcome.as_dict()["notice"] == outcome.notice


def test_redirect_to_a_public_address_is_still_stored(desk) -> None:  # type: ignore[no-untyped-def]
    feed = desk.add_feed(PUBLIC)
    target = "https://moved.example/feed"
    content = hostile.simple_rss([("One", "https://news.example/1")])
    result = FetchResult(target, 200, content, permanent_url=target)
    outcome = _apply(desk, feed, parse_feed(content, target), result, datetime.now(UTC), target)
    assert desk.feed(feed.id).url == target and outcome.notice is None


def test_public_hosts_are_not_private() -> None:
    assert not is_private_host("https://news.example/feed")
    assert not is_private_host("http://8.8.8.8/feed")
