"""Stories in the desk, by keys alone: the Stories entry, ◆N, grouping, next in story,
split and merge, and the compare view."""

from __future__ import annotations

from datetime import timedelta

from desk_helpers import (
    article_list,
    feed_list,
    open_article,
    painted_lines,
    painted_text,
    reader,
    select_feed_entry,
)
from uikit import SIZE, make_app

from newsdesk.core.ports import ArticleInput
from newsdesk.desk import Desk
from newsdesk.ui.screens.compare import CompareScreen, VersionReader

STORM = "Storm Brannagh"


def storm_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    desk: Desk = app.screen.desk
    story = next(r for r in desk.story_rows() if STORM in r.title)
    return [a.id for a in story.articles]


async def open_compare(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """The storm's first version opened, then `V`: the storm's article ids."""
    ids = storm_ids(pilot.app)
    await open_article(pilot, ids[0])
    await pilot.press("V")
    await pilot.pause()
    return ids


async def test_stories_entry_lists_stories_of_two_or_more_outlets(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await select_feed_entry(pilot, "Stories")
        heads = list(article_list(app).story_heads.values())
        assert len(heads) == 5
        assert [len(h.outlets) for h in heads] == [3, 3, 2, 2, 2]
        text = painted_text(app, article_list(app))
        assert "◆3" in text and "Coastal Wire" in text
        assert article_list(app).border_title.startswith("Stories · 5")


async def test_enter_opens_a_story_and_escape_goes_back(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await select_feed_entry(pilot, "Stories")
        await pilot.press("enter")  # into the story list
        rows = article_list(app)
        index = next(i for i, a in enumerate(rows.articles) if STORM in a.title)
        rows.move_to(index)
        await pilot.press("enter")  # open the story
        assert [a.id for a in rows.articles] == storm_ids(app)
        assert rows.story_heads == {}
        assert rows.border_title.startswith("Story · 3 articles")
        await pilot.press("enter")  # read its first article
        assert app.screen.open_id == storm_ids(app)[0]
        rows.focus()
        await pilot.press("escape")
        assert len(rows.story_heads) == 5
        assert STORM in rows.articles[rows.cursor].title


async def test_articles_of_a_multi_outlet_story_show_their_outlet_count(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = article_list(app)
        storm = storm_ids(app)[0]
        storm_row = rows.row_text(rows.index_of(storm), 120).plain
        assert "◆3 " in storm_row
        alone = next(a for a in rows.articles if app.screen.desk.story_outlets_of(a.id) < 2)
        assert "◆" not in rows.row_text(rows.index_of(alone.id), 120).plain


async def test_story_toggle_puts_a_storys_articles_together(sample_store) -> None:
    storm = sorted(
        (a for a in sample_store.articles() if STORM in a.title), key=lambda a: a.published
    )
    feed = sample_store.add_feed("https://library.example/feed", title="Library news")
    sample_store.upsert_articles(  # unrelated news published between the storm's versions
        feed.id,
        [
            ArticleInput(
                guid=f"hours-{n}",
                title=f"Library opening hours change, notice {n}",
                link=f"https://library.example/{n}",
                author="",
                published=storm[n].published + timedelta(minutes=5),
                updated=None,
                summary="",
                body="<p>The reading room opens an hour later on Mondays.</p>",
            )
            for n in range(2)
        ],
    )
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = article_list(app)
        ids = storm_ids(app)

        def positions() -> list[int]:
            return sorted(i for i, a in enumerate(rows.articles) if a.id in ids)

        before = positions()
        assert before[-1] - before[0] > 2  # apart when newest first
        await pilot.press("z")
        after = positions()
        assert after == list(range(after[0], after[0] + 3))
        await pilot.press("z")
        assert positions() == before


async def test_next_in_story_opens_the_next_outlets_version(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        ids = storm_ids(app)
        await open_article(pilot, ids[0])
        await pilot.press("full_stop")
        assert app.screen.open_id == ids[1]
        await pilot.press("full_stop", "full_stop")
        assert app.screen.open_id == ids[0]  # round the story
        await pilot.press("comma")
        assert app.screen.open_id == ids[2]


async def test_split_then_merge_by_keys(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        desk: Desk = app.screen.desk
        ids = storm_ids(app)
        story = desk.story_of(ids[0])
        await open_article(pilot, ids[2])
        article_list(app).focus()
        await pilot.press("X")
        assert desk.story_of(ids[2]) != story
        assert "◆" not in article_list(app).row_text(article_list(app).index_of(ids[2]), 120).plain
        await pilot.press("M")  # mark the split-off story
        rows = article_list(app)
        rows.move_to(rows.index_of(ids[0]))
        await pilot.press("M")  # merge it with the storm story again
        assert desk.story_of(ids[2]) == desk.story_of(ids[0])
        assert len(desk.story_articles(desk.story_of(ids[0]) or "")) == 3
    # kept in the desk file
    sample_store.flush()
    from newsdesk.desk import open_desk

    again = open_desk(sample_store.path, readonly=True)
    assert again.story_of(ids[2]) == again.story_of(ids[0])


async def test_compare_view_marks_unique_sentences_and_disputed_facts(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        ids = await open_compare(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        versions = list(screen.query(VersionReader))
        assert [v.article_id for v in versions] == ids
        assert app.focused is versions[0]
        disputed = {
            v.rendered.text[m.start : m.end]
            for v in versions
            if v.rendered is not None
            for m in v.marks
            if m.kind == "disputed"
        }
        assert {"78 mph", "81 mph"} <= disputed
        assert all(any(m.kind == "unique" for m in v.marks) for v in versions)
        assert "mph" in painted_text(app, screen.query_one("#compare-summary"))
        assert screen.query_one("#versions").has_class("-side-by-side")
        # annotate the focused version: h highlights its first sentence
        await pilot.press("tab")
        assert app.focused is versions[1]
        await pilot.press("h")
        assert len(screen.desk.highlights(ids[1])) == 1
        assert any(m.id for m in versions[1].marks)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)
        assert reader(app).rendered is not None


async def test_compare_view_stacks_versions_on_a_narrow_terminal(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 40)) as pilot:
        ids = storm_ids(app)
        await open_article(pilot, ids[1])
        await pilot.press("V")
        await pilot.pause()
        assert not app.screen.query_one("#versions").has_class("-side-by-side")
        assert app.focused.article_id == ids[1]


async def test_compare_note_on_a_version_is_saved(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        ids = await open_compare(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("o", "k", "ctrl+s")
        await pilot.pause()
        notes = app.screen.desk.notes(ids[0])
        assert [n.text for n in notes] == ["ok"]


async def test_reading_a_storys_articles_takes_it_off_the_stories_count_and_its_row_mark(
    sample_store,
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.desk.ensure_stories()
        app.screen.reload()  # the stories are grouped: the Stories entry counts them
        await pilot.pause()

        def stories_count() -> int:
            return next(e.unread for e in feed_list(app).entries if e.kind == "stories")

        assert stories_count() == 5
        ids = storm_ids(app)
        await open_article(pilot, ids[0])  # opening reads it
        for _ in ids[1:]:
            await pilot.press("full_stop")  # the next outlet's version, read too
        assert all(sample_store.article(i).read for i in ids)
        assert stories_count() == 4
        await select_feed_entry(pilot, "Stories")
        rows = article_list(app)
        storm_head = next(
            h for h in rows.story_heads.values() if h.story_id == app.screen.desk.story_of(ids[0])
        )
        assert not storm_head.unread
        others = [h for h in rows.story_heads.values() if h is not storm_head]
        assert all(h.unread for h in others)


async def test_the_next_version_hidden_by_unread_only_is_listed_under_the_cursor(
    sample_store,
) -> None:
    """`.` opens a version already read while only unread articles are listed: the cursor
    must land on it, or the keys that act on the cursor (s, m, F) act on another article."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = storm_ids(app)
        app.screen.desk.set_read([ids[1]], True)
        app.screen.reload()
        rows = article_list(app)
        rows.focus()
        await pilot.press("u")  # unread only: the read version is not listed
        assert rows.index_of(ids[1]) is None
        await open_article(pilot, ids[0])
        await pilot.press("full_stop")
        assert app.screen.open_id == ids[1]
        assert rows.current is not None and rows.current.id == ids[1]
        rows.focus()
        await pilot.press("s")
        assert sample_store.article(ids[1]).starred
        assert [a.id for a in sample_store.articles() if a.starred] == [ids[1]]


async def test_compare_panes_at_80x24_show_each_versions_text_under_a_compact_header(
    sample_store,
) -> None:
    """Stacked on a 24-row terminal, a pane has four rows: the address and the rule took
    them all. The header is the title and meta, the outlet is the pane's border title."""
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(pilot)
        for pane in app.screen.query(VersionReader):
            article = sample_store.article(pane.article_id)
            shown = painted_text(app, pane)
            assert article.link not in shown
            first_words = " ".join(pane.opened.rendered.blocks[0].text.split()[:4])
            assert first_words in shown, (pane.border_title, shown)


async def test_the_compare_summary_takes_a_line_a_fact_on_a_short_terminal(sample_store) -> None:
    """At 80x24 the summary took 6 of 24 rows: each disputed fact wrapped onto a second."""
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(pilot)
        summary = app.screen.query_one("#compare-summary")
        lines = [line.rstrip() for line in painted_lines(app, summary)]
        facts = [line for line in lines if line.startswith("≠")]
        assert 1 <= len(facts) <= 2 and summary.size.height == 2 + len(facts) + (
            1 if any(line.startswith("…") for line in lines) else 0
        ), lines
        assert all(line.endswith(("…", "mph", "homes")) for line in facts), lines
    app = make_app(sample_store)
    async with app.run_test(size=(160, 48)) as pilot:  # room: every fact in full
        await open_compare(pilot)
        text = painted_text(app, app.screen.query_one("#compare-summary"))
        assert "homes — The Harbour Gazette: 2,300 homes" in " ".join(text.split())


async def test_A_on_the_story_rows_reads_every_version_of_every_story(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        desk = app.screen.desk
        desk.ensure_stories()
        app.screen.reload()
        await select_feed_entry(pilot, "Stories")
        heads = list(article_list(app).story_heads.values())
        article_list(app).focus()
        await pilot.press("A")
        await pilot.pause()
        versions = [a.id for h in heads for a in desk.story_articles(h.story_id)]
        assert len(versions) > len(heads)  # more versions than rows
        assert all(sample_store.article(i).read for i in versions)
        assert next(e.unread for e in feed_list(app).entries if e.kind == "stories") == 0
        assert not any(h.unread for h in article_list(app).story_heads.values())


async def test_compare_views_summary_takes_a_new_theme(sample_store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_compare(pilot)

        def headline_colour() -> str:
            summary = app.screen.query_one("#compare-summary")
            return str(summary.render().spans[0].style.foreground.hex[:7]).lower()

        before = headline_colour()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        title = app.screen.query_one(VersionReader).themed_style("reader--title")
        assert title.color is not None
        assert headline_colour() == title.color.get_truecolor().hex.lower() != before


async def test_compare_on_an_article_of_one_outlet_says_which_article_it_means(
    sample_store,
) -> None:
    """With the list focused, V acts on the row under the cursor, not the article being
    read: "No other outlet has this story" left the user guessing which one was meant."""
    from desk_helpers import notifications

    from newsdesk.ui.screens.desk import DeskScreen

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        desk: Desk = app.screen.desk
        lone = next(
            a
            for a in article_list(app).articles
            if desk.story_of(a.id) is not None and len(desk.story_articles(desk.story_of(a.id))) < 2
        )
        await open_article(pilot, storm_ids(app)[0])
        rows = article_list(app)
        rows.focus()
        rows.move_to(rows.index_of(lone.id))
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        said = f"No other outlet has “{lone.title}”: nothing to compare."
        assert any(said in note for note in notifications(app))


async def test_slash_in_the_compare_view_finds_in_the_focused_version(sample_store) -> None:
    """The footer offered `/ Find in the article` and the key did nothing there."""
    from desk_helpers import type_text

    from newsdesk.ui.screens.modals import PromptModal

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_compare(pilot)
        pane = app.focused
        assert isinstance(pane, VersionReader)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await type_text(pilot, "garage")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and app.focused is pane
        start, end = pane.selection_range()
        assert "garage" in pane.opened.rendered.text[start:end]


async def test_the_compare_legend_names_no_dispute_colour_when_nothing_is_disputed(
    sample_store,
) -> None:
    """The legend said "outlets disagree" over versions that disagree on nothing, naming a
    colour painted nowhere; the telescope's two versions dispute no figure, name or quote."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        desk: Desk = app.screen.desk
        story = next(r for r in desk.story_rows() if "telescope" in r.title)
        await open_article(pilot, story.articles[0].id)
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert not app.screen.comparison.disagreements
        text = " ".join(painted_text(app, app.screen.query_one("#compare-summary")).split())
        assert "outlets disagree" not in text
        assert "no figure, name or quote in dispute" in text
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:  # the storm's versions do disagree
        await open_compare(pilot)
        text = painted_text(app, app.screen.query_one("#compare-summary"))
        assert "outlets disagree" in " ".join(text.split())


async def test_stacked_versions_too_many_for_the_rows_fold_to_the_focused_one(
    sample_store,
) -> None:
    """At 60x20 three stacked versions had three rows each, all taken by the headline and
    meta: no version showed a word of its text. The others now fold to their outlet and
    headline, the focused one shows its text, and `tab` unfolds the next."""
    app = make_app(sample_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_compare(pilot)
        panes = list(app.screen.query(VersionReader))
        for _ in range(len(panes)):
            focused = app.screen.focused
            assert isinstance(focused, VersionReader)
            first_words = " ".join(focused.opened.rendered.blocks[0].text.split()[:4])
            assert first_words in painted_text(app, focused), painted_text(app, focused)
            for pane in panes:
                if pane is not focused:
                    assert pane.outer_size.height == 3
                    assert pane.opened.article.title.split()[0] in painted_text(app, pane)
            await pilot.press("tab")
            await pilot.pause()


async def test_slash_again_in_the_compare_view_goes_on_to_the_next_match(sample_store) -> None:
    """`/ said enter` a second time stayed on the first match: the sentence the cursor was
    on holds it, so it always counted as the next one. The prompt offers the last words."""
    from desk_helpers import notifications, type_text

    from newsdesk.ui.screens.modals import PromptModal

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_compare(pilot)
        pane = app.focused
        assert isinstance(pane, VersionReader)
        text = pane.opened.rendered.text
        total = text.count("said")
        assert total >= 2
        seen = []
        for turn in range(total + 1):
            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, PromptModal)
            if turn == 0:
                await type_text(pilot, "said")
            await pilot.press("enter")
            await pilot.pause()
            start, end = pane.selection_range()
            assert "said" in text[start:end]
            seen.append(start)
        assert len(set(seen)) >= 2 and seen[-1] == seen[0]  # on through them, then round
        assert any(f"of {total}" in n for n in notifications(app))


async def test_ctrl_z_after_X_puts_the_article_back_in_its_story(sample_store) -> None:
    """ctrl+z after `X` reached past the split to an older change (a highlight removed
    before it came back) and the story stayed split."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        desk: Desk = app.screen.desk
        ids = storm_ids(app)
        story = desk.story_of(ids[0])
        await open_article(pilot, ids[2])
        await pilot.press("h", "x")  # an older change that ctrl+z could undo
        await pilot.pause()
        assert not sample_store.highlights(ids[2])
        article_list(app).focus()
        await pilot.press("X")
        await pilot.pause()
        assert desk.story_of(ids[2]) != story
        title = sample_store.article(ids[2]).title
        assert f"“{title[:20]}" in painted_text(app, app.screen.query_one("#status-line"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert desk.story_of(ids[2]) == desk.story_of(ids[0])
        assert len(desk.story_articles(desk.story_of(ids[0]) or "")) == 3
        assert not sample_store.highlights(ids[2])  # the older change is still undone
        row = article_list(app).row_text(article_list(app).index_of(ids[2]), 120).plain
        assert "◆3" in row


async def test_the_compare_summary_keeps_every_outlets_value_at_80_columns(sample_store) -> None:
    """At 80x24 each disputed fact's line was cut at its end: the Echo's 81 mph, the one
    value in dispute, was lost. The outlets' names now give way instead."""
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(pilot)
        lines = painted_lines(app, app.screen.query_one("#compare-summary"))
        facts = " ".join(line for line in lines if line.startswith("≠"))
        for value in ("78 mph", "81 mph", "2,300 homes", "2,000 homes", "2,500 homes"):
            assert value in facts, lines


async def test_H_x_and_ctrl_z_work_on_a_highlight_in_the_compare_view(sample_store) -> None:
    """`h` highlighted in a version, but its kind could not be changed (to make it a claim)
    nor the highlight removed without leaving the view."""
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_compare(pilot)
        pane = app.focused
        assert isinstance(pane, VersionReader)
        await pilot.press("h", "H")
        await pilot.pause()
        [made] = sample_store.highlights(pane.article_id)
        assert made.kind == "quote"
        await pilot.press("x")
        await pilot.pause()
        assert sample_store.highlights(pane.article_id) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        [back] = sample_store.highlights(pane.article_id)
        assert back.id == made.id and back.kind == "quote"
        assert isinstance(app.screen, CompareScreen)


def test_a_fact_line_shortens_outlets_so_they_stay_apart() -> None:
    """At 60 columns two outlets came out "The…": which figure was whose could not be told."""
    from newsdesk.ui.screens.compare import fact_line

    said = [
        ("The Harbour Gazette", "27 per cent"),
        ("Coastal Wire", "26.8 per cent"),
        ("The Wrenmouth Echo", "27 per cent"),
    ]
    line = fact_line("%", said, 56)  # (what does not fit still, the box cuts at its end)
    assert line.count("…") == 3 and "The…" not in line
    assert "Har…: 27 per cent" in line and "Wre…: 27 per cent" in line
    assert "Coa…: 26.8 per cent" in line
    assert fact_line("%", said, 160).endswith("The Wrenmouth Echo: 27 per cent")
