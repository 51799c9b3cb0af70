"""Pilot tests: a user on the sample desk, keys only."""

from __future__ import annotations

from uikit import SIZE, make_app, screen_text

from newsdesk.core.render import render_article
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList
from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
from newsdesk.ui.widgets.reader import ArticleReader


async def test_desk_shows_three_panes_with_feeds_and_counts(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "All articles" in text
        assert "The Harbour Gazette" in text
        assert "Field Notes" in text
        assert "No highlights" in text or "Open an article" in text
        feed_list = app.screen.query_one(FeedList)
        all_entry = feed_list.entries[0]
        assert all_entry.label == "All articles" and all_entry.unread == 43
        assert len(app.screen.query_one(ArticleList).articles) == 43


async def test_tab_moves_focus_between_panes(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleReader)
        await pilot.press("tab")
        assert isinstance(app.focused, NotesSidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, FeedList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, NotesSidebar)


async def test_enter_opens_article_in_reader_and_marks_it_read(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        await pilot.press("j", "j")
        target = articles.current
        assert target is not None and articles.cursor == 2
        assert sample_store.article(target.id).read is False
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert target.title in text
        body = render_article(sample_store.body(target.id))
        paragraph = next(b.text for b in body.blocks if b.kind == "paragraph")
        assert paragraph.split(". ")[0][:40] in text
        assert sample_store.article(target.id).read is True
        # the list and the feed counts follow
        assert app.screen.query_one(FeedList).entries[0].unread == 42


async def test_selecting_a_feed_filters_the_article_list(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("shift+tab")
        assert isinstance(app.focused, FeedList)
        feeds = app.screen.query_one(FeedList)
        target = next(i for i, e in enumerate(feeds.entries) if e.label == "Slow News Weekly")
        await pilot.press(*["j"] * target)
        await pilot.pause()
        articles = app.screen.query_one(ArticleList).articles
        assert len(articles) == 4
        assert {sample_store.feed(a.feed_id).title for a in articles} == {"Slow News Weekly"}
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)


async def test_question_mark_lists_every_binding(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for expected in ("Quit", "Add feed", "Next pane", "Open", "Page down", "ctrl+p", "?"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert "Keys  (escape closes)" not in screen_text(app)


async def test_q_quits(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_empty_desk_shows_welcome_and_s_loads_sample(empty_store):
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Welcome to newsdesk" in text
        for key_hint in ("a   add a feed", "i   import an OPML", "S   load the sample desk"):
            assert key_hint in text
        await pilot.press("S")
        await pilot.pause()
        assert empty_store.stats().articles == 43
        assert "The Harbour Gazette" in screen_text(app)


async def test_feed_markup_is_shown_literally(tmp_path, empty_store):
    feed_file = tmp_path / "hostile.rss"
    feed_file.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>[bold]Loud[/] feed</title>'
        "<item><title>[@click=app.quit]Click[/] me &#27;]52;c;aGk=&#7;</title><guid>x1</guid>"
        "<description>&lt;p&gt;[link=file:///etc/passwd]secret[/link]&lt;/p&gt;</description>"
        "</item></channel></rss>"
    )
    from newsdesk.core.sample import load_sample_desk

    load_sample_desk(empty_store, [feed_file])
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Loud[/] feed" in text
        assert "[@click=app.quit]Click[/] me" in text
        assert "[link=file:///etc/passwd]secret[/link]" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running


async def test_every_palette_command_names_a_desk_action(sample_store):
    """A palette entry whose action is missing would fail silently: each must exist."""
    from newsdesk.ui.commands import DESK_COMMANDS

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _text, _help, action in DESK_COMMANDS:
            assert callable(getattr(app.screen, f"action_{action}", None)), action


async def test_palette_export_opml_writes_the_subscriptions(sample_store, tmp_path):
    app = make_app(sample_store)
    target = tmp_path / "subs.opml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.run_action("export_opml")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    text = target.read_text()
    assert "The Harbour Gazette" in text and "<opml" in text
    assert text.count("<outline") >= 4


async def test_a_failed_save_is_reported_on_screen_and_nothing_is_lost(sample_store, monkeypatch):
    import errno

    import newsdesk.store.atomic as atomic

    before = sample_store.path.read_bytes()

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(sample_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(atomic, "atomic_write", disk_full)
        article = app.screen.query_one(ArticleList).current
        await pilot.press("m")
        for _ in range(40):  # the flush timer runs every half second
            await pilot.pause(0.05)
            if any("No space left" in n.message for n in app._notifications):
                break
        messages = [n.message for n in app._notifications]
        assert any("Could not save" in m and "No space left on device" in m for m in messages), (
            messages
        )
        assert sample_store.path.read_bytes() == before  # the old file is intact
        monkeypatch.undo()
    sample_store.flush()  # with the disk back, the change that failed is written
    from newsdesk.store import open_store

    assert open_store(sample_store.path, readonly=True).article(article.id).read is True


async def test_key_bar_shows_the_main_keys_and_a_click_runs_one(sample_store):
    from newsdesk.ui.widgets.key_bar import KeyBar

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = screen_text(app).splitlines()[-1]
        for shown in (
            "a Add feed",
            "R Refresh all",
            "n Next unread",
            "h Highlight",
            "N Notes",
            "q Quit",
            "? Keys",
            "palette",
        ):
            assert shown in line, line
        start = next(s for s, _e, action, _node in bar._spans if action == "help")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert "Keys  (escape closes)" in screen_text(app)


async def test_a_closed_terminal_quits_the_desk_as_q_does(sample_store):
    """SIGHUP (the terminal window closed) ends the app cleanly, so the desk is saved on the
    way out; without the handler the signal kills the whole process."""
    import os
    import signal

    from newsdesk.ui import hangup

    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.desk.set_setting("unread_only", True)  # a change still only in memory
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    assert not app.desk.store.dirty  # saved by the hang-up itself, before the quit began
    assert not hangup._watchdogs  # the run ended: its watchdog stood down
