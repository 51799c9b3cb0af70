"""The parsed styles kept between launches: read back as parsed, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.widget import Widget
from uikit import FIXED_NOW, SIZE

from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.desk import Desk
from newsdesk.store import open_store
from newsdesk.ui.app import NewsdeskApp, styles_path
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.help import HelpModal
from newsdesk.ui.style_cache import CachedStylesheet

DESK_CSS = styles_path().read_text(encoding="utf-8")
SOURCE = (str(styles_path()), "")


def variables(theme: str) -> dict[str, str]:
    app = App()
    app.theme = theme
    return app.get_css_variables()


def parsed_sheet(
    folder: Path, theme: str = "textual-dark", css: str = DESK_CSS
) -> CachedStylesheet:
    sheet = CachedStylesheet(folder, variables=variables(theme))
    sheet.add_source(css, read_from=SOURCE)
    sheet.parse()
    return sheet


def plain_css(theme: str) -> list[str]:
    sheet = Stylesheet(variables=variables(theme))
    sheet.add_source(DESK_CSS, read_from=SOURCE)
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_a_second_launch_reads_the_rules_the_first_parsed(tmp_path: Path) -> None:
    first = parsed_sheet(tmp_path)
    assert first.parsed == 1 and len(list(tmp_path.glob("*.rules"))) == 1
    second = parsed_sheet(tmp_path)
    assert second.parsed == 0
    assert [rule.css for rule in second.rules] == plain_css("textual-dark")


def test_another_theme_or_stylesheet_is_parsed_not_read_back(tmp_path: Path) -> None:
    parsed_sheet(tmp_path)
    light = parsed_sheet(tmp_path, "textual-light")
    assert light.parsed == 1
    assert [rule.css for rule in light.rules] == plain_css("textual-light")
    edited = parsed_sheet(tmp_path, css=DESK_CSS + "\n#desk { height: 2fr; }\n")
    assert edited.parsed == 1
    assert edited.rules[-1].css.startswith("#desk")


def test_a_damaged_file_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    parsed_sheet(tmp_path)
    (kept,) = tmp_path.glob("*.rules")
    kept.write_bytes(b"\x80\x05 not a pickle")
    again = parsed_sheet(tmp_path)
    assert again.parsed == 1
    assert [rule.css for rule in again.rules] == plain_css("textual-dark")
    assert parsed_sheet(tmp_path).parsed == 0  # replaced by a good one


def test_a_file_of_something_else_is_not_taken_for_rules(tmp_path: Path) -> None:
    import pickle

    parsed_sheet(tmp_path)
    (kept,) = tmp_path.glob("*.rules")
    kept.write_bytes(pickle.dumps({"not": "rules"}))
    assert parsed_sheet(tmp_path).parsed == 1


def test_styles_with_errors_are_reported_and_never_kept(tmp_path: Path) -> None:
    with pytest.raises(StylesheetParseError):
        parsed_sheet(tmp_path, css=DESK_CSS + "\n#desk { colour: red; }\n")
    assert not list(tmp_path.glob("*.rules"))


def test_a_folder_that_cannot_be_written_only_costs_the_parse(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    sheet = parsed_sheet(blocked / "styles")
    assert [rule.css for rule in sheet.rules] == plain_css("textual-dark")


def test_rules_pickle_cannot_take_are_parsed_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise pickle.PicklingError("a rule pickle cannot take")

    monkeypatch.setattr(pickle, "dumps", refuse)
    sheet = parsed_sheet(tmp_path)
    assert [rule.css for rule in sheet.rules] == plain_css("textual-dark")
    assert not list(tmp_path.glob("*"))


def test_a_theme_change_parses_through_the_cache(tmp_path: Path) -> None:
    sheet = parsed_sheet(tmp_path)
    sheet.set_variables(variables("textual-light"))
    sheet.reparse()
    assert sheet.parsed == 2  # the light theme, once
    assert [rule.css for rule in sheet.rules] == plain_css("textual-light")
    sheet.set_variables(variables("textual-dark"))
    sheet.reparse()
    assert sheet.parsed == 2  # the dark theme's rules were on disk
    assert [rule.css for rule in sheet.rules] == plain_css("textual-dark")


def test_few_files_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.ui.style_cache as style_cache

    monkeypatch.setattr(style_cache, "KEEP", 2)
    for extra in range(4):
        parsed_sheet(tmp_path, css=DESK_CSS + f"\n#desk {{ height: {extra + 1}fr; }}\n")
    assert len(list(tmp_path.glob("*.rules"))) == 2


def sample_app(tmp_path: Path, cache: Path) -> NewsdeskApp:
    store = open_store(tmp_path / "desk.json")
    load_sample_desk(store, copy_sample_files(tmp_path / "feeds"))
    return NewsdeskApp(Desk(store), clock=lambda: FIXED_NOW, style_cache=cache)


async def styled_widths(app: NewsdeskApp) -> tuple[int, int]:
    async with app.run_test(size=SIZE):
        feeds = app.screen.query_one("#feed-list", Widget)
        notes = app.screen.query_one("#notes", Widget)
        assert isinstance(app.stylesheet, CachedStylesheet)
        return feeds.outer_size.width, notes.outer_size.width


async def test_the_desk_starts_styled_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "styles"
    first = sample_app(tmp_path / "one", cache)
    widths = await styled_widths(first)
    assert first.stylesheet.parsed >= 1
    second = sample_app(tmp_path / "two", cache)
    assert await styled_widths(second) == widths
    assert second.stylesheet.parsed == 0


async def test_only_the_first_resume_skips_restyling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mount has just styled every widget; a later resume that asks for it restyles."""
    restyled: list[DeskScreen] = []
    update = DeskScreen.update_node_styles

    def counted(screen: DeskScreen, animate: bool = True) -> None:
        restyled.append(screen)
        update(screen, animate)

    monkeypatch.setattr(DeskScreen, "update_node_styles", counted)
    app = sample_app(tmp_path, tmp_path / "styles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert restyled == []
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        app.screen.post_message(events.ScreenResume())  # as Textual's switch_screen sends
        await pilot.pause()
        assert restyled == [app.screen]
