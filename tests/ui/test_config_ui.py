"""Pilot tests for the config file (issue 5, point 5) and the boilerplate view (point 3)."""

from __future__ import annotations

from pathlib import Path

from desk_helpers import article_by_title, notifications, open_article, painted_text, reader
from uikit import FIXED_NOW, SIZE, make_app, screen_text

from newsdesk.config import Config, RefreshSettings, load_config
from newsdesk.desk import Desk
from newsdesk.ui.app import NewsdeskApp

TALL = (160, 110)  # the whole of a short article fits in the reader


def config_app(store, config: Config, problems: list[str] | None = None) -> NewsdeskApp:  # type: ignore[no-untyped-def]
    return NewsdeskApp(Desk(store, config), config_problems=problems or [], clock=lambda: FIXED_NOW)


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


BAD_CONFIG = """\
theme = 3

[refresh]
concurrency = "x"
timeout = 5

[strip]
"*" = ['(unclosed', '^Sponsored by']
"""


async def test_bad_config_values_are_reported_by_key_and_the_desk_starts_on_defaults(
    sample_store, tmp_path
):
    config, problems = load_config(write_config(tmp_path, BAD_CONFIG))
    # each problem names the key that holds the bad value
    assert len(problems) == 3, problems
    assert any("refresh.concurrency" in p and "'x'" in p for p in problems)
    assert any("theme" in p for p in problems)
    assert any("strip" in p and "(unclosed" in p for p in problems)
    # bad values fall back to the defaults, good ones next to them still count
    assert config.refresh.concurrency == RefreshSettings().concurrency
    assert config.refresh.timeout == 5.0
    assert config.theme is None
    assert config.strip == {"*": ("^Sponsored by",)}

    app = config_app(sample_store, config, problems)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.is_running
        assert "All articles" in screen_text(app)
        assert len(app.screen.query_one("#article-list").articles) == 43
        shown = notifications(app)
        for problem in problems:
            assert f"Config: {problem}" in shown
        text = screen_text(app)
        assert "refresh.concurrency" in text
        assert "bad regex" in text


async def test_an_unknown_theme_name_is_reported_and_the_default_theme_used(sample_store):
    app = config_app(sample_store, Config(theme="no-such-theme"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n for n in notifications(app))
        assert "no-such-theme" in screen_text(app)


async def test_a_theme_from_the_config_is_applied(sample_store, tmp_path):
    config, problems = load_config(write_config(tmp_path, 'theme = "nord"\n'))
    assert problems == []
    app = config_app(sample_store, config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert app.current_theme.name == "nord"


async def test_editing_the_config_theme_takes_effect_on_the_next_start(sample_store):
    """The user never picked a theme in the palette: the config file alone decides."""
    app = config_app(sample_store, Config(theme="nord"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    app = config_app(sample_store, Config(theme="dracula"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"


async def test_a_theme_chosen_in_the_app_is_persisted_and_used_next_time(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        app.theme = "gruvbox"  # what the command palette's theme picker does
        await pilot.pause()
        assert sample_store.setting("theme") == "gruvbox"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"


# strip rules and built-in boilerplate removal ------------------------------------------------

FERRY = "Ferry crews vote on a new shift pattern"
DECKHAND = "Deckhand Siân Probert, who has worked on the route for six years"


async def test_a_strip_rule_hides_a_paragraph_but_the_stored_body_keeps_it(sample_store, tmp_path):
    article = article_by_title(sample_store, FERRY)
    body = sample_store.body(article.id)
    assert DECKHAND in body
    # without the rule the paragraph is on screen
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await open_article(pilot, article.id)
        assert DECKHAND in painted_text(app, reader(app))
    config, problems = load_config(
        write_config(
            tmp_path,
            "[strip]\n\"*harbour-gazette*\" = ['^Deckhand \\w+ Probert']\n"
            "\"*field-notes*\" = ['^The late ferry']\n",
        )
    )
    assert problems == []
    app = config_app(sample_store, config)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await open_article(pilot, article.id)
        shown = painted_text(app, reader(app))
        assert "Deckhand" not in shown
        assert "The result of the ballot is expected on Friday." in shown  # the end is shown
        # a rule for another feed's URL does not apply here
        assert "The late ferry to Gull Island" in shown
    assert sample_store.body(article.id) == body


BOILERPLATE = (
    "appeared first on",
    "Comments are closed",
    "[Read More]",
    "Google News",
    "Share this",
    "Share on",
    "pixel.gif",
    "[image",
)


async def test_wordpress_boilerplate_is_not_shown_but_stays_in_the_stored_body(sample_store):
    article = article_by_title(
        sample_store, "Draft council budget: what the spending plan means for your"
    )
    body = sample_store.body(article.id)
    for text in (
        "appeared first on",
        "Comments are closed",
        "[Read More]",
        "Google News",
        "Share this:",
        "Please follow",
    ):
        assert text in body
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await open_article(pilot, article.id)
        shown = painted_text(app, reader(app))
        # the article itself, to its last real paragraph, is on screen ...
        assert "Wrenmouth council published its draft budget" in shown
        assert "Full council votes on the final budget in February." in shown
        # ... and none of the boilerplate around it
        for text in BOILERPLATE:
            assert text not in shown, text
        assert "Please follow" not in screen_text(app)
    assert sample_store.body(article.id) == body
