"""Pilot tests of the claims board (B), by keys: claims made in two outlets of the sample
desk, a status set, the filter, enter back to the passage; the same claim shown once with both
outlets; edits kept across a reopen; and a snapshot of the board."""

from __future__ import annotations

from desk_helpers import article_by_title, open_article, reader, type_text
from textual.widgets import Input
from uikit import SIZE, make_app, screen_text

from newsdesk.core.anchor import make_anchor
from newsdesk.core.models import Highlight
from newsdesk.desk import Desk
from newsdesk.store import open_store
from newsdesk.ui.screens.claims_board import ClaimsBoardScreen, ClaimsList
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.screens.modals import PromptModal
from newsdesk.ui.screens.note_editor import NoteEditorModal

ECHO = "Storm Brannagh: 81 mph gusts"
GAZETTE = "Storm Brannagh brings down trees"
ECHO_QUOTE = '"Wet ground and a south-easterly is the worst combination we get," she said.'
GAZETTE_QUOTE = (
    "“When the ground is this wet and the wind comes from the south-east, even healthy trees "
    "can go,” she said."
)
FERRY = "Gull Island ferry sailings are suspended until at least midday"


def board_claims(app):  # type: ignore[no-untyped-def]
    return [row.claim for row in app.screen.query_one(ClaimsList).rows if row.claim is not None]


async def quote_sentence(pilot, store, title: str, sentence: int) -> None:  # type: ignore[no-untyped-def]
    """Open the article, move the passage cursor to `sentence`, highlight it as a quote."""
    await open_article(pilot, article_by_title(store, title).id)
    await pilot.press(*["right_square_bracket"] * sentence, "h", "H")
    await pilot.pause()


async def board_on_first_claim(pilot, app):  # type: ignore[no-untyped-def]
    """`B`, then the board's cursor on its first claim (the rows above it are headings):
    the board and that row."""
    await pilot.press("B")
    await pilot.pause()
    board = app.screen.query_one(ClaimsList)
    row = next(i for i, r in enumerate(board.rows) if r.claim is not None)
    board.move_to(row)
    return board, row


def add_claim(store, title: str, passage: str) -> Highlight:  # type: ignore[no-untyped-def]
    """A claim on part of a sentence, placed as the reader places it (no keys select that)."""
    desk = Desk(store)
    article = article_by_title(store, title)
    text = desk.render(article).text
    start = text.index(passage)
    quote, prefix, suffix = make_anchor(text, start, start + len(passage))
    return store.add_highlight(
        Highlight(
            id="",
            article_id=article.id,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=start + len(passage),
            kind="claim",
        )
    )


async def test_B_lists_quotes_from_two_outlets_sets_a_status_filters_and_enter_jumps(
    sample_store,
):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await quote_sentence(pilot, sample_store, ECHO, 8)
        await quote_sentence(pilot, sample_store, GAZETTE, 11)
        assert sorted(h.quote for h in sample_store.highlights()) == [ECHO_QUOTE, GAZETTE_QUOTE]
        assert {h.speaker for h in sample_store.highlights()} == {"Bryony Saltash"}

        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoardScreen)
        claims = board_claims(app)
        assert [c.outlets for c in claims] == [("The Wrenmouth Echo",), ("The Harbour Gazette",)]
        shown = screen_text(app)
        assert "Wet ground and a south-easterly" in shown and "Bryony Saltash" in shown
        assert "The Harbour Gazette" in shown and "quote" in shown

        await pilot.press("j", "3")  # the Gazette quote: disputed
        await pilot.pause()
        gazette = article_by_title(sample_store, GAZETTE)
        assert sample_store.highlights(gazette.id)[0].status == "disputed"
        assert "disputed" in screen_text(app)

        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "status:disputed")
        await pilot.pause()
        assert [c.outlets for c in board_claims(app)] == [("The Harbour Gazette",)]
        assert "Wet ground" not in screen_text(app)
        await pilot.press("enter")  # the filter hands the keys back to the list
        assert isinstance(app.focused, ClaimsList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.open_id == gazette.id
        start, end = reader(app).selection_range()
        assert app.screen.open_rendered.text[start:end] == GAZETTE_QUOTE


async def test_the_same_claim_in_two_outlets_is_one_row_and_a_status_reaches_both(
    sample_store,
):
    add_claim(sample_store, GAZETTE, FERRY)
    add_claim(sample_store, ECHO, FERRY + ".")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        (claim,) = board_claims(app)
        assert sorted(claim.outlets) == ["The Harbour Gazette", "The Wrenmouth Echo"]
        assert screen_text(app).count("Gull Island ferry sailings") == 2  # the row and detail
        await pilot.press("2")
        await pilot.pause()
        assert {h.status for h in sample_store.highlights()} == {"verified"}
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)


async def test_status_speaker_and_note_set_on_the_board_are_there_after_a_reopen(
    sample_store, tmp_path
):
    add_claim(sample_store, ECHO, FERRY + ".")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("4", "s")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await type_text(pilot, "Harbour office")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorModal)
        await type_text(pilot, "First sailing ran at **12:10**.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoardScreen)
        shown = screen_text(app)
        assert "false" in shown and "Harbour office" in shown and "12:10" in shown
        detail = str(app.screen.query_one("#claims-detail").render())
        assert "First sailing ran at 12:10." in detail
        rows = app.screen.query_one(ClaimsList)
        row = next(i for i, r in enumerate(rows.rows) if r.claim is not None)
        for width in (78, 158):  # the note's mark stays when the outlets are cut
            assert rows.row_text(row, width).plain.rstrip().endswith("✎"), width
    sample_store.close()

    reopened = open_store(tmp_path / "desk.json")
    try:
        (claim,) = Desk(reopened).claims()
        assert (claim.status, claim.speaker) == ("false", "Harbour office")
        assert claim.note == "First sailing ran at **12:10**."
    finally:
        reopened.close()


async def test_palette_export_claims_writes_csv_by_the_file_suffix(sample_store, tmp_path):
    add_claim(sample_store, GAZETTE, FERRY)
    add_claim(sample_store, ECHO, FERRY + ".")
    target = tmp_path / "claims.csv"
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.run_action("export_claims")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    header, row = target.read_text(encoding="utf-8").splitlines()
    assert header.startswith("text,kind,status,speaker,note,story,outlets")
    assert "The Harbour Gazette" in row and "The Wrenmouth Echo" in row


async def test_an_empty_board_says_how_to_make_a_claim(sample_store):
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B", "1", "s", "c", "enter")  # nothing to act on: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoardScreen)
        assert "No claims yet" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)


def test_claims_board_snapshot(sample_store, snap_compare):
    add_claim(sample_store, GAZETTE, FERRY)
    add_claim(sample_store, ECHO, FERRY + ".")
    disputed = add_claim(sample_store, ECHO, "about 2,500 homes")
    sample_store.update_highlight(disputed.id, status="disputed", speaker="Western Power")
    rahman = add_claim(sample_store, "Green candidate Sadia Rahman", "I will be a councillor")
    sample_store.update_highlight(rahman.id, kind="quote")

    async def open_board(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()

    assert snap_compare(make_app(sample_store), terminal_size=SIZE, run_before=open_board)


async def test_statuses_story_headings_and_outlets_are_legible_in_every_theme(sample_store):
    from contrast import WCAG_AA, cells, visible, worst
    from desk_helpers import _visible_region
    from textual.app import App

    for passage, status in zip(
        [FERRY, "about 2,500 homes", "four lime trees", "eleven call-outs"],
        ["open", "verified", "disputed", "false"],
        strict=True,
    ):
        added = add_claim(sample_store, ECHO, passage)
        sample_store.update_highlight(added.id, status=status)
    app = make_app(sample_store)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        board = app.screen.query_one(ClaimsList)
        for theme in sorted(App().available_themes):
            app.theme = theme
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            region = _visible_region(app, board)
            for y in range(region.y, region.bottom):
                strip = strips[y].crop(region.x, region.right)
                line, painted = strip.text, cells(strip, app.ansi_theme)
                for word in ("open", "verified", "disputed", "false", "claim ", "Storm", "Echo"):
                    at = line.find(word)
                    found = painted[at : at + len(word)] if at >= 0 else []
                    if found and (not visible(found) or worst(found) < WCAG_AA):
                        problems.append(f"{theme}: {word!r} on {line.strip()[:30]!r}")
    assert not problems, "\n".join(problems)


async def test_the_speaker_and_outlets_start_in_one_column_on_every_row(sample_store):
    """The claim's column took what each row's speaker and outlets left, so the two
    columns wandered from row to row (at 80 and at 160 columns)."""
    add_claim(sample_store, GAZETTE, FERRY)
    for passage in ("about 2,500 homes", "four lime trees"):
        add_claim(sample_store, ECHO, passage)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        board = app.screen.query_one(ClaimsList)
        claims = [i for i, row in enumerate(board.rows) if row.claim is not None]
        assert len(claims) >= 3
        for width in (76, 156):
            rows = [board.row_text(i, width).plain for i in claims]
            # the speaker begins after the last double space (the text's own are folded)
            starts = {row.rstrip().rindex("  ") + 2 for row in rows}
            assert len(starts) == 1, rows
            assert len({len(row) for row in rows}) == 1, rows


async def test_a_long_speaker_leaves_room_for_the_outlet_at_80_columns(sample_store):
    """A speaker of 24 letters took the whole speaker-and-outlets column at 80 columns:
    the outlet, which says where the claim was made, was cut off entirely."""
    claim = add_claim(sample_store, GAZETTE, FERRY)
    sample_store.update_highlight(claim.id, speaker="Councillor Bartholomew Fitzgerald")
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        board = app.screen.query_one(ClaimsList)
        row = next(i for i, r in enumerate(board.rows) if r.claim is not None)
        plain = board.row_text(row, 76).plain
        assert len(plain) == 76
        assert "Council" in plain and "· The Har" in plain, plain


async def test_keys_typed_in_one_burst_go_where_the_focus_is_going(sample_store):
    """Right after `B` the filter box had the keys (`jj` filtered to nothing); right after
    `/` the list had them (`s` opened the speaker box with the rest of the word in it)."""
    from textual import events

    for passage in (FERRY, "about 2,500 homes", "four lime trees", "eleven call-outs"):
        add_claim(sample_store, ECHO if passage != FERRY else GAZETTE, passage)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in "Bjj":
            app.post_message(events.Key(key, key))
        await pilot.pause()
        board = app.screen.query_one(ClaimsList)
        assert isinstance(app.screen, ClaimsBoardScreen) and app.focused is board
        first = next(i for i, row in enumerate(board.rows) if row.claim is not None)
        assert board.cursor > first  # moved on by the two j
        assert app.screen.query_one("#claims-filter", Input).value == ""
        for key, char in [("slash", "/"), *((c, c) for c in "sadia")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoardScreen)  # no speaker box over it
        assert app.screen.query_one("#claims-filter", Input).value == "sadia"


async def test_ctrl_z_on_the_desk_puts_a_claims_status_and_speaker_back(sample_store):
    """A status or speaker set on the board kept no undo step: ctrl+z on the desk then
    undid an older change (a highlight removed before came back) and left the status."""
    claim = add_claim(sample_store, GAZETTE, FERRY)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board, _row = await board_on_first_claim(pilot, app)
        await pilot.press("4", "s")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await type_text(pilot, "Ann Other")
        await pilot.press("enter")
        await pilot.pause()
        after = sample_store.highlights(claim.article_id)[0]
        assert (after.status, after.speaker) == ("false", "Ann Other")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert sample_store.highlights(claim.article_id)[0].speaker == claim.speaker
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert sample_store.highlights(claim.article_id)[0].status == "open"


async def test_clearing_a_detected_speaker_keeps_it_cleared(sample_store):
    """`s`, ctrl+u, enter on a claim whose speaker was detected said "Speaker cleared."
    while the guess came straight back, on the board and in the export."""
    claim = add_claim(sample_store, ECHO, ECHO_QUOTE)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board, row = await board_on_first_claim(pilot, app)
        assert board.rows[row].claim.speaker_detected and board.rows[row].claim.speaker
        await pilot.press("s", "ctrl+u", "enter")
        await pilot.pause()
        [shown] = board_claims(app)
        assert shown.speaker == "" and not shown.speaker_detected
        assert sample_store.highlights(claim.article_id)[0].speaker == "—"
        # a name the user saved, cleared once, stays cleared too (the guess came back)
        await pilot.press("s")
        await type_text(pilot, "Ann Other")
        await pilot.press("enter", "s", "ctrl+u", "enter")
        await pilot.pause()
        [shown] = board_claims(app)
        assert shown.speaker == "" and not shown.speaker_detected
    desk = Desk(sample_store)
    assert '"speaker": ""' in desk.export_claims("json")


async def test_the_claims_board_keeps_rows_for_its_list_on_a_short_terminal(sample_store):
    """At 60x20 the board showed three rows, its story heading scrolled away."""
    for passage in (FERRY, "about 2,500 homes", "four lime trees", "eleven call-outs"):
        add_claim(sample_store, ECHO if passage != FERRY else GAZETTE, passage)
    app = make_app(sample_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        board = app.screen.query_one(ClaimsList)
        assert board.content_region.height >= 6


async def test_a_filter_no_claim_can_match_says_what_the_terms_are(sample_store):
    add_claim(sample_store, GAZETTE, FERRY)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B", "slash")
        await type_text(pilot, "status:bogus")
        await pilot.pause()
        said = screen_text(app)
        assert "No claim can match status:bogus: statuses are open, verified" in said


async def test_ctrl_z_on_the_board_puts_the_status_back_there(sample_store):
    """ctrl+z on the board did nothing: the undo waited for the desk."""
    claim = add_claim(sample_store, GAZETTE, FERRY)
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board, _row = await board_on_first_claim(pilot, app)
        await pilot.press("4", "ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsBoardScreen)
        assert sample_store.highlights(claim.article_id)[0].status == "open"
        assert board_claims(app)[0].status == "open"


def test_a_long_speaker_fills_its_column_and_ends_in_an_ellipsis() -> None:
    from newsdesk.ui.screens.claims_board import _shared

    name = "Councillor Bartholomew Featherstonehaugh-Smythe of the Harbour Ward"
    said = _shared(name, "Coastal Wire", 53)
    assert len(said) == 53 and said.endswith("… · Coastal Wire")
    assert _shared("Sadia Rahman", "Coastal Wire", 11) == "Sadia Rahm…"
