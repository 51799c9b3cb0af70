"""Pilot tests: what opening a search and typing in it change on screen, and what they leave
alone (on a 250,000-article desk every pane repainted costs the keypress milliseconds)."""

from __future__ import annotations

from desk_helpers import article_list, painted_text, reader, sidebar, type_text
from textual.color import Color
from textual.widgets import Input
from uikit import SIZE, make_app, screen_text

from newsdesk.ui.widgets.article_list import ArticleList


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


def _repainted_from_scratch(app) -> str:  # type: ignore[no-untyped-def]
    """The screen as every widget and scrollbar would paint it now, no cached line kept."""
    for widget in app.screen.walk_children():
        widget._set_dirty()
        for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
            if bar is not None:
                bar._set_dirty()
    return screen_text(app)


async def test_what_opening_and_closing_a_search_paints_is_what_a_full_repaint_paints(
    sample_store,
):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for keys in (["slash"], ["h", "a"], ["ctrl+u"], ["escape"], ["slash"], ["t"]):
            await pilot.press(*keys)
            await pilot.pause()
            painted = screen_text(app)  # the widgets' cached lines: what the terminal got
            assert painted == _repainted_from_scratch(app), keys


async def test_the_key_bar_follows_focus_and_skips_an_announcement_of_the_same_keys(
    sample_store,
):
    from newsdesk.ui.widgets.key_bar import KeyBar

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        painted = screen_text(app).splitlines()[-1]
        assert "Search" in painted  # the list's keys
        await pilot.press("slash")
        await pilot.pause()
        assert screen_text(app).splitlines()[-1] != painted  # the search box's keys
        repaints: list[bool] = []
        bar.refresh = lambda *a, **k: repaints.append(True)  # type: ignore[method-assign]
        app.screen.refresh_bindings()  # as Textual does a frame after each focus change
        await pilot.pause()  # (the key bar hears of it on its own queue)
        assert repaints == []
        app.screen.query_one(ArticleList).focus()
        await pilot.pause()
        assert repaints  # a real change still repaints


async def test_the_search_box_wears_the_accent_only_while_it_has_the_keys(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "ferry")
        box = app.screen.query_one("#search", Input)
        accent = Color.parse(app.current_theme.accent)

        def accented() -> bool:
            border = box.styles.border_top[1]
            return all(abs(a - b) <= 2 for a, b in zip(border.rgb, accent.rgb, strict=True))

        assert app.focused is box and accented()
        await pilot.press("enter")  # the keys go to the results
        await pilot.pause()
        assert isinstance(app.focused, ArticleList) and box.display
        assert not accented()
