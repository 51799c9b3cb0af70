"""Pilot tests for keys that do what they say (issue "The desk as people use it every day")."""

from __future__ import annotations

import sys
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from desk_helpers import (
    article_by_title,
    article_list,
    feed_list,
    flat,
    move_list_to,
    notifications,
    open_article,
    painted_text,
    painted_where,
    reader,
    select_feed_entry,
    sidebar,
    type_text,
)
from textual.widgets import Input, TextArea
from uikit import FIXED_NOW, SIZE, make_app, screen_text

from newsdesk.config import Config
from newsdesk.core.models import Highlight, Note
from newsdesk.core.refresh import refresh_local
from newsdesk.desk import Desk
from newsdesk.ui.app import NewsdeskApp
from newsdesk.ui.note_text import note_text
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.help import HelpModal
from newsdesk.ui.screens.modals import ConfirmModal, PromptModal
from newsdesk.ui.screens.note_editor import NoteEditorModal
from newsdesk.ui.screens.notes_browser import NotesBrowserScreen, NotesList


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


# q and the notes browser ----------------------------------------------------------------------


def _highlight_with_note(store, text: str = "Ask the **harbour master**."):  # type: ignore[no-untyped-def]
    article = sorted(store.articles(), key=lambda a: a.published, reverse=True)[0]
    highlight = store.add_highlight(
        Highlight(id="", article_id=article.id, quote="Quays quietly reopened.", start=0, end=23)
    )
    store.add_note(Note(id="", article_id=article.id, text=text, highlight_id=highlight.id))
    return article, highlight


async def test_q_typed_into_the_notes_filter_filters_and_does_not_quit(sample_store):
    _highlight_with_note(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NotesBrowserScreen)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "quays")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NotesBrowserScreen)
        assert app.screen.query_one("#notes-filter", Input).value == "quays"
        assert len(app.screen.query_one(NotesList).rows) == 1


async def test_q_outside_the_filter_closes_the_browser_and_only_the_desk_quits(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("tab")  # from the filter to the list
        await pilot.pause()
        assert isinstance(app.focused, NotesList)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DeskScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DeskScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_never_quits_while_a_note_has_unsaved_text(sample_store):
    """A guard: the editor is modal, so `q` reaches neither the desk nor the app."""
    ids = order_ids(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[0])
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorModal)
        await type_text(pilot, "draft")
        app.screen.query_one(TextArea).blur()  # the key reaches the screen, not the editor
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NoteEditorModal)
        assert app.screen.query_one(TextArea).text == "draft"


async def browse_notes(pilot) -> str:  # type: ignore[no-untyped-def]
    """N, then tab onto the first row: the detail pane's text."""
    await pilot.pause()
    await pilot.press("N")
    await pilot.pause()
    await pilot.press("tab")
    await pilot.pause()
    return painted_text(pilot.app, pilot.app.screen.query_one("#notes-detail"))


async def test_notes_browser_shows_the_whole_note_and_edits_and_deletes_it(sample_store):
    article, highlight = _highlight_with_note(sample_store, "First line.\n\nA long second part.")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        detail = await browse_notes(pilot)
        assert "Quays quietly reopened." in detail
        assert "First line. A long second part." in detail
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorModal)
        area = app.screen.query_one(TextArea)
        area.text = "Rewritten."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesBrowserScreen)
        (note,) = sample_store.notes(article.id)
        assert note.text == "Rewritten." and note.highlight_id == highlight.id
        assert "Rewritten." in painted_text(app, app.screen.query_one("#notes-detail"))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sample_store.notes(article.id) == []
        assert [h.id for h in sample_store.highlights(article.id)] == [highlight.id]
        await pilot.press("d", "y")
        await pilot.pause()
        assert sample_store.highlights(article.id) == []
        assert app.screen.query_one(NotesList).rows == []


# o and l: the browser -------------------------------------------------------------------------


async def test_o_without_a_browser_says_so_instead_of_opened(sample_store, monkeypatch):
    monkeypatch.setattr(webbrowser, "get", _no_browser)
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    ids = order_ids(sample_store)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[0])
        await pilot.press("o")
        await pilot.pause()
        said = notifications(app)
        assert not any("Opened" in n for n in said)
        assert any("No web browser could be started" in n for n in said)


def _no_browser(*args: object) -> webbrowser.BaseBrowser:
    raise webbrowser.Error("could not locate runnable browser")


async def test_a_console_browser_gets_the_terminal_while_it_runs(sample_store, monkeypatch):
    events: list[str] = []

    class Lynx(webbrowser.GenericBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            events.append(f"lynx {url}")
            return True

    monkeypatch.setattr(webbrowser, "get", lambda *a: Lynx("lynx"))
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("not the console one"))
    ids = order_ids(sample_store)
    app = make_app(sample_store)

    @contextmanager
    def suspend() -> Iterator[None]:
        events.append("suspend")
        yield
        events.append("resume")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[0])
        await pilot.press("o")
        await pilot.pause()
        link = sample_store.article(ids[0]).link
        assert events == ["suspend", f"lynx {link}", "resume"]
        assert any(f"Opened {link}" in n for n in notifications(app))


# e: export --------------------------------------------------------------------------------------


async def test_e_asks_before_overwriting_and_remembers_the_last_path(
    sample_store, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    _highlight_with_note(sample_store)
    target = tmp_path / "mine.md"
    target.write_text("my own file\n", encoding="utf-8")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await pilot.press("ctrl+u")
        await type_text(pilot, "~/mine.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)  # the file exists: asked first
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "my own file\n"
        await pilot.press("e")
        await pilot.pause()
        assert app.focused.value == "~/newsdesk-notes.md"  # nothing written: nothing kept
        await pilot.press("ctrl+u")
        await type_text(pilot, "~/mine.md")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Quays quietly reopened." in target.read_text(encoding="utf-8")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        assert app.focused.value == "~/mine.md"  # the last path, offered again
    assert sample_store.setting("last_notes_export") == "~/mine.md"


# ? and [keys] -----------------------------------------------------------------------------------


def _help_rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(line.split()) for line in screen_text(app).splitlines()]


async def test_help_lists_the_keys_in_force_and_unknown_binding_ids_are_reported(sample_store):
    config = Config(keys={"article.star": "f", "article.no_such_thing": "z"})
    app = NewsdeskApp(Desk(sample_store, config), clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        said = notifications(app)
        assert any("article.no_such_thing" in n for n in said)
        assert not any("article.star:" in n for n in said)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        rows = _help_rows(app)
        assert any("f Star" in row for row in rows)
        assert not any("s Star" in row for row in rows)


# find in the article ------------------------------------------------------------------------------

BUDGET = "Draft council budget"


def _cursor_text(app) -> str:  # type: ignore[no-untyped-def]
    start, end = reader(app).selection_range()
    return app.screen.open_rendered.text[start:end]


async def test_a_search_hit_deep_in_an_article_opens_it_at_the_first_match(sample_store):
    target = article_by_title(sample_store, BUDGET)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "Pennock")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [a.id for a in article_list(app).articles] == [target.id]
        await pilot.press("enter", "enter")  # leave the search box, open the hit
        await pilot.pause()
        assert app.screen.open_id == target.id
        assert "Cllr Gareth Pennock defended the plan" in _cursor_text(app)
        assert reader(app).scroll_y > 0


async def test_slash_in_the_reader_finds_and_braces_step_through_matches(sample_store):
    target = article_by_title(sample_store, BUDGET)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, target.id)
        reader(app).focus()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await type_text(pilot, "parks")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert "away from parks and grounds" in _cursor_text(app)
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert _cursor_text(app).startswith("Parks and open spaces")
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert _cursor_text(app).startswith("The parks reduction")
        await pilot.press("left_curly_bracket")
        await pilot.pause()
        assert _cursor_text(app).startswith("Parks and open spaces")


async def test_a_finished_search_leaves_no_match_to_step_to_and_no_match_count(sample_store):
    """ "Match 1 of 2: } next" stayed after escape ended the search, and after n opened
    another article; } then stepped through the old word in an article it never matched."""
    target = article_by_title(sample_store, BUDGET)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status-line")
        await pilot.press("slash")
        await type_text(pilot, "parks")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await open_article(pilot, target.id)
        assert str(status.render()).startswith("Match 1 of")
        await pilot.press("slash", *["backspace"] * 5, "escape")  # the search is over
        await pilot.pause()
        assert not str(status.render()).startswith("Match")
        reader(app).focus()
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert str(status.render()).startswith("Nothing to find yet")
        # a new find, then another article opened without a search
        await pilot.press("slash")
        await type_text(pilot, "parks")
        await pilot.press("enter")
        await pilot.pause()
        assert str(status.render()).startswith("Match 1 of")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.open_id != target.id
        assert not str(status.render()).startswith("Match")


async def test_no_more_matches_and_a_highlights_kind_leave_the_status_line_with_them(
    sample_store,
):
    """ "No more matches below." stayed after the search was cleared, and "Highlight kind:
    quote" after `x` removed that highlight."""
    target = article_by_title(sample_store, BUDGET)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status-line")
        await pilot.press("slash")
        await type_text(pilot, "parks")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await open_article(pilot, target.id)
        reader(app).focus()
        await pilot.press(*["right_curly_bracket"] * 6)
        await pilot.pause()
        assert str(status.render()).startswith("No more matches below")
        article_list(app).focus()  # `/` there is the search (in the reader: find)
        await pilot.press("slash", *["backspace"] * 5, "escape")
        await pilot.pause()
        assert not str(status.render()).startswith("No more matches")
        reader(app).focus()
        await pilot.press("h", "H")
        await pilot.pause()
        assert str(status.render()).startswith("Highlight kind: quote")
        await pilot.press("x")
        await pilot.pause()
        assert str(status.render()).startswith("Highlight removed")


# clipboard ----------------------------------------------------------------------------------------


async def test_copy_link_and_copy_quote_reach_the_clipboard_without_link_numbers(
    sample_store, monkeypatch
):
    target = article_by_title(sample_store, BUDGET)
    app = make_app(sample_store)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, target.id)
        await pilot.press("y")
        await pilot.pause()
        assert copied == [target.link]
        reader(app).move_cursor_to_offset(app.screen.open_rendered.text.index("Residents can"))
        await pilot.press("Y")
        await pilot.pause()
        assert copied[-1] == (
            "“Residents can comment on the draft until 8 December at "
            "wrenmouth-council.example/budget-2027.”"
            f"\n— {target.title}, {target.link}"
        )


# $EDITOR ------------------------------------------------------------------------------------------


async def test_ctrl_o_writes_the_note_in_the_editor_with_the_app_suspended(
    sample_store, monkeypatch, tmp_path
):
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text + ' and more from vim\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    ids = order_ids(sample_store)
    app = make_app(sample_store)
    events: list[str] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        events.append("suspend")
        yield
        events.append("resume")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, ids[0])
        await pilot.press("C")
        await pilot.pause()
        await type_text(pilot, "draft")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert events == ["suspend", "resume"]
        assert app.screen.query_one(TextArea).text == "draft and more from vim"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (note,) = sample_store.notes(ids[0])
    assert note.text == "draft and more from vim"


# what is shown is right -----------------------------------------------------------------------

EDITED_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Post</title>
<link>https://quay.example/</link><item><guid>quay-1</guid><title>Quay reopens</title>
<link>https://quay.example/1</link><description>{}</description></item></channel></rss>"""


async def test_an_article_the_feed_edited_shows_its_new_text_after_refresh(empty_store, tmp_path):
    source = tmp_path / "quay.rss"
    source.write_text(EDITED_RSS.format("The quay reopens on Monday."), encoding="utf-8")
    feed = empty_store.add_feed(str(source), title="Quay Post")
    assert refresh_local(empty_store, feed).status == "updated"
    (article,) = empty_store.articles()
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, article.id)
        assert "The quay reopens on Monday." in painted_text(app, reader(app))
        source.write_text(EDITED_RSS.format("The quay reopens on Tuesday."), encoding="utf-8")
        await pilot.press("R")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        painted = painted_text(app, reader(app))
        assert "The quay reopens on Tuesday." in painted
        assert "Monday" not in painted
        assert any("1 feed: 1 updated" in n for n in notifications(app))


async def test_feed_list_counts_are_all_unread_and_the_article_list_gives_totals(sample_store):
    ids = order_ids(sample_store)
    sample_store.set_starred(ids[0], True)
    sample_store.set_starred(ids[1], True)
    sample_store.set_tags(ids[0], ["climate"])
    sample_store.set_tags(ids[1], ["climate"])
    sample_store.set_read([ids[0]], True)
    total = len(ids)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entries = {e.label: e.unread for e in feed_list(app).entries}
        assert entries["All articles"] == total - 1
        assert entries["Starred"] == 1  # two starred, one of them read
        assert entries["#climate"] == 1
        assert feed_list(app).border_title == "Feeds · unread"
        assert article_list(app).border_title == (
            f"All articles · {total} articles, {total - 1} unread"
        )
        await pilot.press("m")  # ids[0] under the cursor: unread again
        await pilot.pause()
        entries = {e.label: e.unread for e in feed_list(app).entries}
        assert entries["Starred"] == 2 and entries["#climate"] == 2
        assert article_list(app).border_title == (
            f"All articles · {total} articles, {total} unread"
        )  # the list's own count follows a key too


async def test_a_key_repeated_with_no_article_open_says_so_once(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press(*["right_square_bracket"] * 40)
        await pilot.pause()
        said = [n for n in notifications(app) if "Open an article first" in n]
        assert len(said) == 1


async def test_a_status_message_expires_but_a_feed_error_stays(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        status = app.screen.query_one("#status-line")
        assert "Starred." in str(status.render())
        timer = app.screen._status_timer
        assert timer is not None
        app.screen.clear_said()  # what the timer does when it fires
        await pilot.pause()
        assert str(status.render()).strip() == ""


async def test_after_the_first_feed_the_reader_no_longer_says_the_desk_has_none(
    empty_store, tmp_path
):
    source = tmp_path / "quay.rss"
    source.write_text(EDITED_RSS.format("The quay reopens."), encoding="utf-8")
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Your desk has no feeds yet" in painted_text(app, reader(app))
        assert "No feeds yet" in painted_text(app, article_list(app))
        feed = empty_store.add_feed(str(source), title="Quay Post")
        refresh_local(empty_store, feed)
        app.screen.reload()
        await pilot.pause()
        assert "Your desk has no feeds yet" not in painted_text(app, reader(app))
        assert "Select an article" in painted_text(app, reader(app))


async def test_a_dead_feeds_empty_list_shows_its_error(sample_store, tmp_path):
    feed = sample_store.add_feed(str(tmp_path / "gone.rss"), title="Gone Gazette")
    assert refresh_local(sample_store, feed).status == "failed"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select_feed_entry(pilot, "Gone Gazette")
        painted = painted_text(app, article_list(app))
        assert painted.startswith("Nothing fetched: File not found")


async def test_two_feeds_with_one_title_show_their_hosts(empty_store):
    empty_store.add_feed("https://north.example/feed", title="Daily News")
    empty_store.add_feed("https://south.example/rss", title="Daily News")
    empty_store.add_feed("https://other.example/rss", title="Other")
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = [e.label for e in feed_list(app).entries if e.kind == "feed"]
        assert sorted(labels) == [
            "Daily News (north.example)",
            "Daily News (south.example)",
            "Other",
        ]


async def test_the_sidebar_renders_a_notes_markdown_and_sets_it_apart(sample_store):
    article, _ = _highlight_with_note(sample_store, "This **dominates** the _debate_.")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_article(pilot, article.id)
        painted = flat(painted_text(app, sidebar(app)).replace("▌", " "))
        assert "**" not in painted and "_debate_" not in painted
        assert "✎ This dominates the debate." in painted
        bold = painted_where(app, sidebar(app), lambda style: bool(style.bold))
        assert "dominates" in bold.split()


def test_note_text_styles_without_showing_markers() -> None:
    text = note_text("# Plan\n- **one** and `two`\n> said *so*\nsnake_case_name stays")
    assert text.plain == "Plan\n• one and two\n│ said so\nsnake_case_name stays"


async def test_the_palettes_screenshot_is_saved_where_it_says(sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Screenshot") == 1
        saved = app.save_screenshot_here()
        await pilot.pause()
        assert saved is not None and saved.parent == tmp_path / "Downloads"
        assert saved.read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert any(f"Saved the screenshot to {saved}" in n for n in notifications(app))


async def test_notes_browser_renders_the_notes_markdown_and_gives_the_quote_room_at_80(
    sample_store,
):
    _highlight_with_note(sample_store, "Needs a **source** for the *figures*.")
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await browse_notes(pilot)
        assert "Needs a source for the figures." in detail  # the markers styled, not shown
        row = app.screen.query_one(NotesList).row_text(0, 78).plain
        assert "Quays quietly reopened." in row  # the highlight itself, whole
        assert len(row) <= 78 and "…" in row  # the title is what gives way, and says so
