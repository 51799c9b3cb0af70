"""Shared helpers for the key-driven Pilot tests: find panes, read what they paint, move."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import ArticleReader


def article_list(app) -> ArticleList:  # type: ignore[no-untyped-def]
    return app.screen.query_one(ArticleList)


def feed_list(app) -> FeedList:  # type: ignore[no-untyped-def]
    return app.screen.query_one(FeedList)


def reader(app) -> ArticleReader:  # type: ignore[no-untyped-def]
    return app.screen.query_one(ArticleReader)


def sidebar(app) -> NotesSidebar:  # type: ignore[no-untyped-def]
    return app.screen.query_one(NotesSidebar)


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every live toast as "title: message"."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def flat(text: str) -> str:
    """Whitespace folded, so text wrapped over several lines compares with the source."""
    return " ".join(text.split())


def _visible_region(app, widget: Widget) -> Region:  # type: ignore[no-untyped-def]
    geometry = app.screen.find_widget(widget)
    inner = geometry.region.shrink(widget.styles.gutter)
    return inner.intersection(geometry.clip).intersection(Region(0, 0, *app.size))


def painted_lines(app, widget: Widget) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines the terminal shows inside `widget` (borders and padding cut off)."""
    strips = app.screen._compositor.render_strips()
    region = _visible_region(app, widget)
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def painted_text(app, widget: Widget) -> str:  # type: ignore[no-untyped-def]
    return flat(" ".join(painted_lines(app, widget)))


def painted_where(app, widget: Widget, keep: Callable[[Style], bool]) -> str:  # type: ignore[no-untyped-def]
    """The characters inside `widget` whose painted style passes `keep`, folded; every other
    character becomes a space, so separate runs stay separate words."""
    strips = app.screen._compositor.render_strips()
    region = _visible_region(app, widget)
    chars: list[str] = []
    for y in range(region.y, region.bottom):
        for segment in strips[y].crop(region.x, region.right):
            style = segment.style or Style()
            chars.append(segment.text if keep(style) else " " * len(segment.text))
        chars.append(" ")
    return flat("".join(chars))


def painted_with_background(
    app,
    widget: Widget,
    style: Style,  # type: ignore[no-untyped-def]
    underline: bool | None = None,
) -> str:
    """The characters inside `widget` painted on `style`'s background colour (and, when
    `underline` is given, underlined or not), folded."""

    def keep(painted: Style) -> bool:
        if painted.bgcolor != style.bgcolor:
            return False
        return underline is None or bool(painted.underline) == underline

    return painted_where(app, widget, keep)


def squash(text: str) -> str:
    """All whitespace removed: for text a narrow pane may break inside a long word."""
    return "".join(text.split())


def in_layout(app, widget: Widget) -> bool:  # type: ignore[no-untyped-def]
    try:
        app.screen.find_widget(widget)
    except NoWidget:
        return False
    return True


async def move_list_to(pilot: Pilot, widget, index: int) -> None:  # type: ignore[no-untyped-def]
    """Put a focused virtual list's cursor on `index` (setup only: the keys under test are
    pressed by the tests themselves; j presses here would only slow every test down)."""
    assert pilot.app.focused is widget, f"expected {widget!r} focused, got {pilot.app.focused!r}"
    widget.move_to(index)
    await pilot.pause()
    assert widget.cursor == index


async def focus_feed_list(pilot: Pilot) -> FeedList:
    feeds = feed_list(pilot.app)
    for _ in range(4):
        if pilot.app.focused is feeds:
            break
        await pilot.press("shift+tab")
    assert pilot.app.focused is feeds
    return feeds


async def select_feed_entry(pilot: Pilot, label: str) -> FeedList:
    """Focus the feed list and put its cursor on the entry whose label is `label`."""
    feeds = await focus_feed_list(pilot)
    index = next(i for i, e in enumerate(feeds.entries) if e.label.lstrip("▸▾ ") == label)
    await move_list_to(pilot, feeds, index)
    await pilot.pause()
    return feeds


async def open_article(pilot: Pilot, article_id: str) -> None:
    """From the article list: move the cursor to the article and press enter."""
    articles = article_list(pilot.app)
    if pilot.app.focused is not articles:
        articles.focus()
        await pilot.pause()
    index = articles.index_of(article_id)
    assert index is not None, f"{article_id} is not in the article list"
    await move_list_to(pilot, articles, index)
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen.open_id == article_id


async def type_text(pilot: Pilot, text: str) -> None:
    """Type characters one key at a time (space, punctuation and all)."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


def article_by_title(store, prefix: str):  # type: ignore[no-untyped-def]
    return next(a for a in store.articles() if a.title.startswith(prefix))
