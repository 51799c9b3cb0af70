"""The claims board through the desk: claims from several outlets of the sample desk merged,
grouped by story, status/speaker/note saved across a reopen, speakers detected, exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.core.models import Highlight
from newsdesk.core.sample import copy_sample_files, load_sample_desk
from newsdesk.desk import Desk, open_desk

FERRY = "Gull Island ferry sailings are suspended until at least midday"
GAZETTE_STORM = "Storm Brannagh brings down trees"
ECHO_STORM = "Storm Brannagh: 81 mph"
WIRE_STORM = "Storm Brannagh leaves thousands"


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Desk]:
    desk = open_desk(tmp_path / "desk.json")
    load_sample_desk(desk.store, copy_sample_files(tmp_path / "feeds"))
    yield desk
    desk.close()


def claim_on(desk: Desk, title: str, passage: str, kind: str = "claim") -> Highlight:
    """Highlight `passage` in the article whose title starts with `title`, as the reader does."""
    article = next(a for a in desk.articles() if a.title.startswith(title))
    rendered = desk.open_article(article.id, mark_read=False).rendered
    start = rendered.text.index(passage)
    added = desk.add_highlight(article.id, rendered, start, start + len(passage))
    return desk.set_highlight_kind(added.id, kind)


def test_the_same_claim_in_two_outlets_is_one_claim_with_both_sources(sample: Desk) -> None:
    claim_on(sample, GAZETTE_STORM, FERRY)  # part of a longer sentence in the Gazette
    claim_on(sample, ECHO_STORM, FERRY + ".")  # the whole sentence in the Echo
    (claim,) = sample.claims()
    assert sorted(claim.outlets) == ["The Harbour Gazette", "The Wrenmouth Echo"]
    assert {s.title[:20] for s in claim.sources} == {GAZETTE_STORM[:20], ECHO_STORM[:20]}


def test_near_same_claims_merge_only_when_the_desk_puts_them_in_one_story(
    sample: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    promenade = "The Promenade is closed between the bandstand and Ship Street"
    monkeypatch.setattr(sample, "story_of", lambda aid: None)  # a desk without stories
    claim_on(sample, GAZETTE_STORM, promenade + " while the trees")  # token Jaccard 9/11
    claim_on(sample, ECHO_STORM, "The promenade is closed between the bandstand and Ship Street.")
    claim_on(sample, ECHO_STORM, "Saturday's bin collections move to Monday.")
    assert len(sample.claims()) == 3  # no stories: only identical texts would merge

    storm = {a.id for a in sample.articles() if a.title.startswith("Storm Brannagh")}
    monkeypatch.setattr(sample, "story_of", lambda aid: "storm-1" if aid in storm else None)
    monkeypatch.setattr(sample, "story_title", lambda sid: "Storm Brannagh", raising=False)
    claims = sample.claims()
    assert [len(c.sources) for c in claims] == [2, 1]
    assert {c.story for c in claims} == {"storm-1"}
    assert {c.story_title for c in claims} == {"Storm Brannagh"}
    monkeypatch.undo()  # the desk's own stories group the storm's outlets alike
    claims = sample.claims()
    assert [len(c.sources) for c in claims] == [2, 1]
    assert len({c.story for c in claims}) == 1
    assert {c.story_title for c in claims} == {sample.story_title(claims[0].story or "")}


def test_story_title_falls_back_to_the_first_article_title(
    sample: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_on(sample, ECHO_STORM, FERRY + ".")
    monkeypatch.setattr(sample, "story_of", lambda aid: "s1")
    (claim,) = sample.claims()
    assert claim.story == "s1" and claim.story_title.startswith(ECHO_STORM)


def test_making_a_quote_detects_its_speaker_from_the_sentences_before(sample: Desk) -> None:
    quote = claim_on(
        sample, ECHO_STORM, '"Wet ground and a south-easterly is the worst combination', "quote"
    )
    assert quote.speaker == "Bryony Saltash"
    plain = claim_on(sample, ECHO_STORM, "Saturday's bin collections move to Monday.")
    assert plain.speaker == ""


def test_a_claim_made_before_detection_gets_a_guessed_speaker_on_the_board(sample: Desk) -> None:
    article = next(a for a in sample.articles() if a.title.startswith(WIRE_STORM))
    rendered = sample.open_article(article.id, mark_read=False).rendered
    start = rendered.text.index("Crews worked through the night")
    added = sample.add_highlight(article.id, rendered, start, start + 40)
    sample.store.update_highlight(added.id, kind="quote")  # no detection: as an old desk has it
    (claim,) = sample.claims()
    assert claim.speaker == "Carys Bennett" and claim.speaker_detected
    assert sample.store.highlights()[0].speaker == ""  # a guess is shown, never saved


def test_status_speaker_and_note_are_saved_on_every_source_and_survive_a_reopen(
    tmp_path: Path, sample: Desk
) -> None:
    claim_on(sample, GAZETTE_STORM, FERRY)
    claim_on(sample, ECHO_STORM, FERRY + ".")
    (claim,) = sample.claims()
    sample.set_claim_status(claim, "disputed")
    assert sample.set_claim_speaker(claim, "  Harbour\x1b[31m office \n") == "Harbour office"
    sample.save_claim_note(claim, "Harbour office says the first sailing ran.")
    sample.close()

    again = open_desk(tmp_path / "desk.json")
    try:
        (claim,) = again.claims()
        assert claim.status == "disputed" and claim.speaker == "Harbour office"
        assert not claim.speaker_detected
        assert claim.note == "Harbour office says the first sailing ran."
        assert {h.status for h in again.highlights()} == {"disputed"}
        assert again.claims(status="disputed") == [claim]
        assert again.claims(status="open") == []
        assert again.claims("speaker:harbour outlet:echo") == [claim]
    finally:
        again.close()


def test_highlights_of_other_kinds_are_not_claims(sample: Desk) -> None:
    claim_on(sample, ECHO_STORM, FERRY + ".", "highlight")
    claim_on(sample, ECHO_STORM, "Saturday's bin collections move to Monday.", "question")
    assert sample.claims() == []


def test_an_unknown_status_changes_nothing(sample: Desk) -> None:
    claim_on(sample, ECHO_STORM, FERRY + ".")
    (claim,) = sample.claims()
    with pytest.raises(ValueError):
        sample.set_claim_status(claim, "maybe")
    assert sample.claims()[0].status == "open"


def test_reading_the_board_again_does_not_render_the_articles_again(
    sample: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = next(a for a in sample.articles() if a.title.startswith(WIRE_STORM))
    rendered = sample.open_article(article.id, mark_read=False).rendered
    start = rendered.text.index("Crews worked through the night")
    added = sample.add_highlight(article.id, rendered, start, start + 40)
    sample.store.update_highlight(added.id, kind="quote")
    renders: list[str] = []
    real_render = sample.render
    monkeypatch.setattr(sample, "render", lambda a: renders.append(a.id) or real_render(a))
    assert sample.claims()[0].speaker == "Carys Bennett"
    assert sample.claims()[0].speaker == "Carys Bennett"
    assert renders == [article.id]
    sample.set_claim_speaker(sample.claims()[0], "")  # cleared by the user: no guess shown
    cleared = sample.claims()[0]
    assert cleared.speaker == "" and not cleared.speaker_detected
    sample.store.update_highlight(added.id, speaker="")  # unknown again: the kept guess
    assert sample.claims()[0].speaker_detected
    assert renders == [article.id]
