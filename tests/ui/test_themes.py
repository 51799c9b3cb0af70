"""Every built-in theme: the text that matters is legible (WCAG AA, 4.5:1) where it is painted.

The desk starts in each theme with an article open that carries a highlight of each kind;
the colours are read back from the painted cells, not from the stylesheet.
"""

from __future__ import annotations

from contrast import (
    WCAG_AA,
    Cell,
    cell_of,
    cells,
    colour_difference,
    contrast_ratio,
    visible,
    worst,
)
from desk_helpers import (
    _visible_region,
    article_by_title,
    article_list,
    feed_list,
    reader,
    sidebar,
)
from textual.app import App
from textual.color import Color
from textual.widget import Widget
from uikit import make_app

from newsdesk.core.anchor import make_anchor
from newsdesk.core.models import Highlight
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.widgets.key_bar import KeyBar
from newsdesk.ui.widgets.reader import HIGHLIGHT_KINDS

THEMES = sorted(App().available_themes)
LONG_READ = "Every drop accounted for"
TALL = (160, 130)  # room for the whole article list and the annotated paragraphs


def painted(app, widget: Widget) -> list[tuple[str, list[Cell]]]:  # type: ignore[no-untyped-def]
    """Each line inside `widget` as (text, cells), from one rendering of the screen per
    widget (cached until `forget_paint`: a rendering of 160x100 cells is not cheap)."""
    key = (id(app.screen), widget)
    if key in _PAINTED:
        return _PAINTED[key]
    strips = app.screen._compositor.render_strips()
    region = _visible_region(app, widget)
    lines = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        lines.append((strip.text, cells(strip, app.ansi_theme)))
    _PAINTED[key] = lines
    return lines


_PAINTED: dict[tuple[int, Widget], list[tuple[str, list[Cell]]]] = {}


def forget_paint() -> None:
    _PAINTED.clear()


def cells_of(app, widget: Widget, text: str) -> list[Cell]:  # type: ignore[no-untyped-def]
    """The cells painting the first occurrence of `text` inside `widget`."""
    for line, line_cells in painted(app, widget):
        at = line.find(text)
        if at >= 0:
            return line_cells[at : at + len(text)]
    raise AssertionError(f"{text!r} is not painted in {widget!r}")


def legible(found: list[Cell]) -> bool:
    return bool(visible(found)) and worst(found) >= WCAG_AA


async def annotate_one_of_each_kind(pilot, store, article_id: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A highlight of each kind on the first sentence of a paragraph after the first; returns
    each kind's opening words as painted."""
    screen = pilot.app.screen
    assert isinstance(screen, DeskScreen)
    screen.open_article(article_id)
    await pilot.pause()
    text = screen.open_rendered.text
    firsts = {}
    for passage in reader(pilot.app).passages:
        firsts.setdefault(passage.block, passage)
    chosen = list(firsts.values())[1 : 1 + len(HIGHLIGHT_KINDS)]
    assert len(chosen) == len(HIGHLIGHT_KINDS)
    openings = {}
    for passage, kind in zip(chosen, HIGHLIGHT_KINDS, strict=True):
        quote, prefix, suffix = make_anchor(text, passage.start, passage.end)
        store.add_highlight(
            Highlight(
                id="",
                article_id=article_id,
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                start=passage.start,
                end=passage.end,
                kind=kind,
            )
        )
        openings[kind] = text[passage.start : passage.start + 16]
    screen.open_article(article_id)
    await pilot.pause()
    return openings


def problems_in(app, store) -> list[str]:  # type: ignore[no-untyped-def]
    """Every unread title, unread count, highlight, the sentence cursor and key bar keys painted
    below WCAG AA, as "what: ratio cell"."""
    forget_paint()
    problems: list[str] = []

    def check(what: str, found: list[Cell]) -> None:
        if not legible(found):
            ratio = worst(found) if visible(found) else 0
            sample = min(visible(found), key=lambda c: c.ratio) if visible(found) else None
            problems.append(f"{what}: {ratio:.2f} {sample}")

    articles = article_list(app)
    assert articles.cursor == 0 and not articles.articles[0].read
    for article in articles.articles:  # the first is on the (focused) cursor row
        if not article.read:
            check(
                f"unread title {article.title[:20]!r}", cells_of(app, articles, article.title[:24])
            )
    feeds = feed_list(app)  # the first entry sits on the (unfocused) cursor row
    for entry in feeds.entries:
        if entry.unread:
            row = next(line for line, _ in painted(app, feeds) if entry.label in line)
            check(f"count of {entry.label!r}", cells_of(app, feeds, row.rstrip()[-8:]))
    the_reader = reader(app)
    text = app.screen.open_rendered.text
    for mark in the_reader.marks:
        check(
            f"{mark.kind} highlight", cells_of(app, the_reader, text[mark.start : mark.start + 16])
        )
    key_bar = app.screen.query_one(KeyBar)
    check("key bar", cells_of(app, key_bar, "? Keys"))
    check("key bar", cells_of(app, key_bar, "n Next unread"))
    first = the_reader.passages[the_reader.cursor]
    check("sentence cursor", cells_of(app, the_reader, text[first.start : first.start + 16]))
    return problems


async def test_titles_counts_highlights_and_the_sentence_cursor_are_legible_in_every_theme(
    sample_store,
):
    """Themes are switched on the running desk, as the command palette does, so this also
    shows the open article and its notes repainted in each new theme."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        article = article_by_title(sample_store, LONG_READ)
        await annotate_one_of_each_kind(pilot, sample_store, article.id)
        assert sorted(m.kind for m in reader(app).marks) == sorted(HIGHLIGHT_KINDS)
        problems: list[str] = []
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            problems += [f"{theme}: {problem}" for problem in problems_in(app, sample_store)]
        assert not problems, "\n".join(problems)


async def test_a_desk_started_in_a_light_theme_paints_unread_titles_dark(sample_store):
    sample_store.set_setting("theme", "textual-light")
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        forget_paint()
        found = cells_of(app, article_list(app), article_list(app).articles[1].title[:24])
        assert all(sum(c.foreground) < 3 * 96 for c in visible(found))
        assert worst(found) >= WCAG_AA
        forget_paint()


async def test_switching_theme_repaints_the_open_article_and_its_notes(sample_store):
    """The reader and the notes sidebar render their lines ahead: a new theme renders them
    again, so a highlight takes the new theme's colour (and the cursor stays put)."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        article = article_by_title(sample_store, LONG_READ)
        openings = await annotate_one_of_each_kind(pilot, sample_store, article.id)
        await pilot.press("right_square_bracket", "right_square_bracket")
        cursor = reader(app).cursor
        seen = set()
        for theme in ("textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            forget_paint()
            band = reader(app).themed_style("reader--hl-highlight").bgcolor
            assert band is not None and band.triplet is not None
            wanted = tuple(band.triplet)
            found = visible(cells_of(app, reader(app), openings["highlight"]))
            assert {c.background for c in found} == {wanted}, theme
            seen.add(wanted)
            bar = cells_of(app, sidebar(app), "▌")[0]
            assert bar.foreground == Color.parse(app.get_css_variables()["warning"]).rgb
            assert reader(app).cursor == cursor
        assert len(seen) == 2  # the band is laid over each theme's own page colour


async def test_only_this_outlet_shading_and_the_unfocused_cursor_show_in_every_theme(sample_store):
    """The compare view's "only this outlet" shading is told from every highlight kind (it
    took the accent colour, the plain highlight's in several themes), and a list without
    focus still shows its cursor row (on light themes it took the background's shade)."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        feeds = feed_list(app)
        assert feeds.cursor == 0 and app.focused is not feeds
        problems: list[str] = []
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            view = reader(app)
            unique = view.themed_style("reader--hl-unique")
            # told apart by shade; ANSI themes have no shades (the terminal's palette), so
            # there by the whole style (reverse, underline, italic)
            selection = view.themed_style("reader--selection")
            problems += [  # a v selection is told from every kind too (ansi-dark: the claim's)
                f"{theme}: {kind} looks like a selection"
                for kind in HIGHLIGHT_KINDS
                if (
                    view.themed_style(f"reader--hl-{kind}") == selection
                    if theme.startswith("ansi")
                    else view.themed_style(f"reader--hl-{kind}").bgcolor == selection.bgcolor
                )
                or (
                    theme.startswith("ansi")
                    and view.themed_style(f"reader--hl-{kind}").reverse
                    and view.themed_style(f"reader--hl-{kind}").color == selection.bgcolor
                )
            ]
            problems += [
                f"{theme}: {kind} looks like 'only this outlet'"
                for kind in (*(f"hl-{k}" for k in HIGHLIGHT_KINDS), "cursor")
                if (
                    view.themed_style(f"reader--{kind}") == unique
                    if theme.startswith("ansi")
                    else view.themed_style(f"reader--{kind}").bgcolor == unique.bgcolor
                )
            ]
            forget_paint()
            on_cursor = {c.background for c in cells_of(app, feeds, "All articles")}
            off_cursor = {c.background for c in cells_of(app, feeds, "Unread")}
            if on_cursor == off_cursor:
                problems.append(f"{theme}: the feed list's cursor row is not shown")
        forget_paint()
        assert not problems, "\n".join(problems)


SPOTTED = 20.0  # delta E from the page: a highlight seen at a glance
TOLD_APART = 15.0  # delta E between two kinds
ROW_STEP = 1.3  # the lightness step (WCAG ratio) from a list's rows to its cursor row
SENTENCE_STEP = 1.2  # and from the page to the sentence cursor (underlined as well)


async def test_every_highlight_kind_stands_out_from_the_page_and_from_each_other(sample_store):
    """Legible text is not enough: the band itself must show. On textual-dark the question
    kind's shade was 1.14:1 against the page, and on monokai question and fact-check shared
    one colour. ANSI themes paint the terminal's palette in reverse video (tested above)."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        article = article_by_title(sample_store, LONG_READ)
        await annotate_one_of_each_kind(pilot, sample_store, article.id)
        the_reader = reader(app)
        text = app.screen.open_rendered.text
        plain = next(  # a sentence neither highlighted nor under the cursor
            p
            for index, p in enumerate(the_reader.passages)
            if index != the_reader.cursor
            and not any(m.start < p.end and p.start < m.end for m in the_reader.marks)
        )
        problems: list[str] = []
        for theme in (t for t in THEMES if not t.startswith("ansi")):
            app.theme = theme
            await pilot.pause()
            forget_paint()
            [page] = {c.background for c in cells_of(app, the_reader, text[plain.start :][:16])}
            bands = {}
            for mark in the_reader.marks:
                [bands[mark.kind]] = {
                    c.background for c in cells_of(app, the_reader, text[mark.start :][:16])
                }
            for kind, band in bands.items():
                if colour_difference(band, page) < SPOTTED:
                    problems.append(f"{theme}: {kind} {colour_difference(band, page):.1f}")
            for first in bands:
                for second in bands:
                    apart = colour_difference(bands[first], bands[second])
                    if first < second and apart < TOLD_APART:
                        problems.append(f"{theme}: {first} ~ {second} {apart:.1f}")
        forget_paint()
        assert not problems, "\n".join(problems)


def corner(app, widget: Widget) -> Cell:  # type: ignore[no-untyped-def]
    """The painted top-left corner of `widget`'s border."""
    region = app.screen.find_widget(widget).region
    strip = app.screen._compositor.render_strips()[region.y].crop(region.x, region.x + 1)
    segment = next(iter(strip))
    return cell_of(segment.text, segment.style, app.ansi_theme)


async def test_the_focused_pane_and_its_cursor_row_show_in_every_theme(sample_store):
    """On textual-light the focused pane's orange border (1.5:1) was fainter than the grey of
    the panes without focus (2.3:1), so focus read backwards, and the focused list's cursor
    row was 1.15:1 on the list. The focused border must show (3:1, WCAG's figure for
    controls) and outdo an unfocused one; the cursor row (and the reader's sentence cursor,
    1.05:1 on textual-light, only its underline showing) must step clearly in lightness
    (a pale tint of another hue measures far apart by delta E and still hides on a light
    page)."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        articles, feeds = article_list(app), feed_list(app)
        assert app.focused is articles and articles.cursor == 0
        await pilot.press("j", "s", "k")  # a star on the second row, off the cursor
        problems: list[str] = []
        for theme in (t for t in THEMES if not t.startswith("ansi")):
            app.theme = theme
            await pilot.pause()
            forget_paint()
            focused, unfocused = corner(app, articles), corner(app, feeds)
            shown, other = focused.ratio, unfocused.ratio
            if shown < 3.0 or shown <= other:
                problems.append(f"{theme}: focused border {shown:.2f}, unfocused {other:.2f}")
            on_cursor = cells_of(app, articles, articles.articles[0].title[:16])[0].background
            off_cursor = cells_of(app, articles, articles.articles[1].title[:16])[0].background
            for mark in ("★", "◆"):  # glyphs: WCAG's 3:1 for graphics
                [cell] = cells_of(app, articles, mark)
                if cell.ratio < 3.0:
                    problems.append(f"{theme}: {mark} {cell.ratio:.2f}:1")
            step = contrast_ratio(on_cursor, off_cursor)
            if step < ROW_STEP:
                problems.append(f"{theme}: cursor row {step:.2f}:1 on the list")
            view = reader(app)
            cursor = view.themed_style("reader--cursor").bgcolor
            page = view.background_colors[1]
            assert cursor is not None and cursor.triplet is not None
            step = contrast_ratio(tuple(cursor.triplet), page.rgb)
            if step < SENTENCE_STEP:
                problems.append(f"{theme}: sentence cursor {step:.2f}:1 on the page")
            bullet = view.themed_style("reader--marker").color  # list bullets, quote bars
            assert bullet is not None and bullet.triplet is not None
            if contrast_ratio(tuple(bullet.triplet), page.rgb) < 3.0:
                problems.append(
                    f"{theme}: bullets {contrast_ratio(tuple(bullet.triplet), page.rgb):.2f}:1"
                )
        forget_paint()
        assert not problems, "\n".join(problems)


async def test_the_star_and_story_mark_read_on_the_cursor_row_in_every_theme(sample_store):
    """On textual-light ★ and ◆N read at 3:1 on the list but at 2.3:1 on the focused list's
    cursor row, the row the user is looking at."""
    app = make_app(sample_store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        articles = article_list(app)
        await pilot.press("s")  # the cursor row starred
        story_row = next(
            i for i, a in enumerate(articles.articles) if articles.story_outlets(a.id) >= 2
        )
        problems: list[str] = []
        for theme in (t for t in THEMES if not t.startswith("ansi")):
            app.theme = theme
            for row, mark in ((0, "★"), (story_row, "◆")):
                articles.move_to(row, quiet=True)
                await pilot.pause()
                forget_paint()
                [cell] = cells_of(app, articles, mark)
                if cell.ratio < 3.0:
                    problems.append(f"{theme}: {mark} {cell.ratio:.2f}:1 on the cursor row")
        forget_paint()
        assert not problems, "\n".join(problems)
