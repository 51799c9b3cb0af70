"""Pilot tests for keys that do what they say (issue "The desk as people use it every day")."""

from __future__ import annotations

from desk_helpers import article_list, move_list_to, notifications, open_article
from uikit import SIZE, make_app


def order_ids(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.id for a in sorted(store.articles(), key=lambda a: a.published, reverse=True)]


# n / p --------------------------------------------------------------------------------------


async def test_n_with_nothing_open_opens_the_only_unread_article_under_the_cursor(sample_store):
    ids = order_ids(sample_store)
    only = ids[3]
    sample_store.set_read([i for i in ids if i != only], True)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await move_list_to(pilot, article_list(app), 3)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.open_id == only
        assert sample_store.article(only).read is True
        assert not any("No more unread" in n for n in notifications(app))


async def test_n_with_nothing_open_starts_at_the_cursor(sample_store):
    ids = order_ids(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert sample_store.article(ids[0]).read is False
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.open_id == ids[0]


async def test_p_on_the_first_unread_says_none_above_while_others_remain_below(sample_store):
    ids = order_ids(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[0])
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.open_id == ids[0]
        assert any("No unread articles above" in n for n in notifications(app))
        assert not any("No more unread" in n for n in notifications(app))


async def test_n_past_the_last_unread_says_none_below(sample_store):
    ids = order_ids(sample_store)
    sample_store.set_read(ids[2:], True)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[1])
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.open_id == ids[1]
        assert any("No unread articles below" in n for n in notifications(app))
