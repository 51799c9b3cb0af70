"""Pilot tests: what opening a search and typing in it change on screen, and what they leave
alone (on a 250,000-article desk every pane repainted costs the keypress milliseconds)."""

from __future__ import annotations

from desk_helpers import article_list, painted_text, reader, sidebar, type_text
from textual.widgets import Input
from uikit import SIZE, make_app


async def test_slash_opens_the_box_over_the_list_and_the_reader_keeps_its_place(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        list_before, reader_before = article_list(app).region, reader(app).region
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one("#search", Input)
        assert reader(app).region == reader_before
        assert box.region.y == list_before.y and box.region.width == list_before.width
        assert article_list(app).region.y == list_before.y + box.region.height
        assert article_list(app).region.bottom == list_before.bottom
        await pilot.press("escape")
        await pilot.pause()
        assert article_list(app).region == list_before


async def test_typing_a_query_leaves_the_other_panes_scrollbars_alone(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        refreshed: list[str] = []
        for name, pane in (("reader", reader(app)), ("notes", sidebar(app))):
            bar = pane.vertical_scrollbar
            assert bar.is_mounted

            def count(*args, _bar=bar, _name=name, **kwargs):  # type: ignore[no-untyped-def]
                refreshed.append(_name)
                return type(_bar).refresh(_bar, *args, **kwargs)

            bar.refresh = count  # type: ignore[method-assign]
        await type_text(pilot, "harbour")
        await pilot.pause()
        assert "Harbour market moves indoors" in painted_text(app, article_list(app))
        assert refreshed == []


async def test_the_list_scrollbar_follows_the_number_of_matches(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = article_list(app)
        assert len(rows.articles) > rows.size.height and rows.show_vertical_scrollbar
        await pilot.press("slash")
        await type_text(pilot, "telescope mount")
        await pilot.pause()
        assert len(rows.articles) == 1 and not rows.show_vertical_scrollbar
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert rows.show_vertical_scrollbar
        assert rows.vertical_scrollbar.window_virtual_size == len(rows.articles)


async def test_a_large_desk_builds_its_search_column_before_the_first_slash(
    sample_store, monkeypatch
):
    import gc

    from newsdesk.ui.screens import desk_articles

    frozen: list[bool] = []
    monkeypatch.setattr(desk_articles, "PREPARE_FROM", 1)  # the sample desk counts as large
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(desk_articles.PREPARE_AFTER + 0.1)
        await app.workers.wait_for_complete()
        search = app.screen.state.search
        assert search._folded is not None and frozen  # built, and kept from the GC's walks
        assert len(search._folded) == len(app.screen.state.rows)
