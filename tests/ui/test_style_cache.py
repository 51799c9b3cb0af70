"""The parsed stylesheet kept between launches: a launch that finds it paints the same desk
without parsing, and a file that is damaged or made for another theme is passed over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.css import stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet

from newsdesk.desk import Desk
from newsdesk.store.tinydb_store import TinyDBStore
from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.style_cache import StyleCache

SIZE = (160, 48)


def rules_of(stylesheet: Stylesheet) -> list[str]:
    """Each rule's selectors, declarations and rank, as text (a parsed layout is a new
    object every time, equal to another only in what it prints)."""
    return [
        repr((r.selector_set, r.styles.get_rules(), r.is_default_rules, r.tie_breaker))
        for r in stylesheet.rules
    ]


async def paint(store: TinyDBStore, cache: StyleCache | None) -> tuple[str, list[str]]:
    """The screen as an SVG and the stylesheet's rules, after a launch with `cache`."""
    app = NewsdeskApp(Desk(store), style_cache=cache)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if cache is not None:
            cache.save(app.stylesheet)
        return app.export_screenshot(), rules_of(app.stylesheet)


async def test_a_launch_from_the_kept_rules_paints_the_same_desk(
    sample_store: TinyDBStore, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    plain_screen, plain_rules = await paint(sample_store, None)
    await paint(sample_store, StyleCache(folder))  # parses, then keeps the rules
    assert len(list(folder.glob("stylesheet-*.pickle"))) == 1

    cache = StyleCache(folder)
    app = NewsdeskApp(Desk(sample_store), style_cache=cache)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#article-list")  # the desk is up
        cached_rules = rules_of(app.stylesheet)
        cached_screen = app.export_screenshot()
    assert cached_rules == plain_rules
    assert cached_screen == plain_screen


async def test_a_kept_file_spares_the_parse(
    sample_store: TinyDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    await paint(sample_store, StyleCache(folder))
    other = Stylesheet()  # no theme's variables: another file, none kept
    assert StyleCache(folder).load(other) is False

    parsed: list[str] = []
    real_parse = stylesheet_module.parse

    def counted(scope: str, css: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(css)
        return real_parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counted)
    app = NewsdeskApp(Desk(sample_store))
    assert StyleCache(folder).load(app.stylesheet)
    app.stylesheet.read_all(app.css_path)
    app.stylesheet.parse()
    assert app.stylesheet.rules and parsed == []


async def test_a_damaged_file_is_passed_over(sample_store: TinyDBStore, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    await paint(sample_store, StyleCache(folder))
    (kept,) = folder.glob("stylesheet-*.pickle")
    kept.write_bytes(b"not a pickle")
    plain_screen, _ = await paint(sample_store, None)
    screen, _ = await paint(sample_store, StyleCache(folder))  # parses, and keeps them again
    assert screen == plain_screen
    assert kept.read_bytes() != b"not a pickle"
    assert StyleCache(folder).load(NewsdeskApp(Desk(sample_store)).stylesheet)


def test_saving_what_was_loaded_writes_nothing(tmp_path: Path) -> None:
    stylesheet = Stylesheet()
    stylesheet.add_source("Widget { color: red; }", read_from=("test", ""))
    stylesheet.parse()
    cache = StyleCache(tmp_path)
    cache.save(stylesheet)
    (kept,) = tmp_path.glob("stylesheet-*.pickle")
    kept.write_bytes(kept.read_bytes())  # the same bytes, a new mtime to compare with
    before = kept.stat().st_mtime_ns
    fresh = Stylesheet()
    again = StyleCache(tmp_path)
    assert again.load(fresh)
    fresh.add_source("Widget { color: red; }", read_from=("test", ""))
    fresh.parse()
    again.save(fresh)
    assert kept.stat().st_mtime_ns == before
    assert rules_of(fresh) == rules_of(stylesheet)


async def test_a_short_session_keeps_the_rules_at_exit(
    sample_store: TinyDBStore, tmp_path: Path
) -> None:
    app = NewsdeskApp(Desk(sample_store), style_cache=StyleCache(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not list(tmp_path.glob("stylesheet-*.pickle"))  # kept 2 s after mount
    assert len(list(tmp_path.glob("stylesheet-*.pickle"))) == 1


def test_an_edited_source_drops_its_old_rules(tmp_path: Path) -> None:
    first = Stylesheet()
    first.add_source("Widget { color: red; }", read_from=("app.tcss", ""))
    first.parse()
    StyleCache(tmp_path).save(first)

    second = Stylesheet()
    cache = StyleCache(tmp_path)
    assert cache.load(second)
    second.add_source("Widget { color: blue; }", read_from=("app.tcss", ""))
    second.parse()
    cache.save(second)

    third = Stylesheet()
    assert StyleCache(tmp_path).load(third)
    kept = [key[0] for key in third._parse_cache.keys()]
    assert kept == ["Widget { color: blue; }"]
