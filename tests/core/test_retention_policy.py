"""Retention: the per-feed cap, the read-age limit, and what is never removed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.core.models import Article, Highlight, Note
from newsdesk.core.ports import ArticleInput
from newsdesk.core.retention import RetentionPolicy, apply_retention, doomed

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def article(n: int, age_days: int, **flags: object) -> Article:
    return Article(
        id=f"a{n}",
        feed_id="f",
        guid=f"g{n}",
        title=f"t{n}",
        published=NOW - timedelta(days=age_days),
        **flags,
    )  # type: ignore[arg-type]


def test_old_read_articles_go_and_unread_ones_stay() -> None:
    items = [article(1, 100, read=True), article(2, 100), article(3, 10, read=True)]
    assert doomed(items, RetentionPolicy(500, 90), now=NOW) == ["a1"]


def test_cap_removes_the_oldest_first() -> None:
    items = [article(n, n) for n in range(10)]
    assert sorted(doomed(items, RetentionPolicy(7, 90), now=NOW)) == ["a7", "a8", "a9"]


def test_starred_tagged_highlighted_noted_and_listed_articles_are_kept() -> None:
    items = [
        article(1, 200, read=True, starred=True),
        article(2, 200, read=True, tags=("x",)),
        article(3, 200, read=True),
        article(4, 200, read=True),
        article(5, 200, read=True),
        article(6, 200, read=True),
    ]
    policy = RetentionPolicy(max_per_feed=1, max_age_days=30)
    gone = doomed(items, policy, protected_ids={"a3", "a4"}, current_guids={"g5"}, now=NOW)
    assert gone == ["a6"]


def test_zero_means_no_limit() -> None:
    items = [article(n, 1000, read=True) for n in range(5)]
    assert doomed(items, RetentionPolicy(0, 0), now=NOW) == []


def test_apply_retention_on_a_desk(desk) -> None:  # type: ignore[no-untyped-def]
    feed = desk.add_feed("https://r.example/feed")
    old = NOW - timedelta(days=400)
    desk.upsert_articles(
        feed.id,
        [
            ArticleInput(
                guid=f"g{n}",
                title=f"t{n}",
                link="",
                author="",
                published=old,
                updated=None,
                summary="",
                body="<p>x</p>",
            )
            for n in range(5)
        ],
    )
    ids = sorted(a.id for a in desk.articles())
    desk.set_read(ids)
    desk.add_highlight(Highlight(id="", article_id=ids[0], quote="x"))
    desk.add_note(Note(id="", article_id=ids[1], text="n"))
    desk.set_starred(ids[2], True)
    removed = apply_retention(desk, RetentionPolicy(500, 90), [feed.id])
    assert removed == 2
    assert sorted(a.id for a in desk.articles()) == ids[:3]


def test_apply_retention_makes_models_only_of_feeds_it_may_take_from(desk) -> None:  # type: ignore[no-untyped-def]
    """After every refresh: a model of every article of every refreshed feed was made, a
    second of work and a hundred megabytes at 250,000 articles, though nothing was due."""

    def inputs(prefix: str, count: int, age_days: int) -> list[ArticleInput]:
        when = datetime.now(UTC) - timedelta(days=age_days)
        return [
            ArticleInput(f"{prefix}{n}", f"t{n}", "", "", when, None, "", "<p>x</p>")
            for n in range(count)
        ]

    full = desk.add_feed("https://full.example/feed")
    fresh = desk.add_feed("https://fresh.example/feed")
    desk.upsert_articles(full.id, inputs("a", 4, 1))
    desk.upsert_articles(fresh.id, inputs("b", 2, 1))
    columns = desk.article_columns()
    made: list[str] = []
    real = columns.article
    desk.article_columns = lambda: columns
    columns.article = lambda row: made.append(real(row).feed_id) or real(row)  # type: ignore[method-assign]
    removed = apply_retention(desk, RetentionPolicy(3, 90), [full.id, fresh.id])
    assert removed == 1
    assert set(made) == {full.id}  # the feed under the limit was never read as models
