"""Speaker detection: attribution patterns, pronouns, split quotes, and the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.core.speakers import find_speaker

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "speakers"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ('"We will reopen the bridge by Friday," said Maria Okafor.', "Maria Okafor"),
        ('"Nobody was hurt," Tomasz Nowak said.', "Tomasz Nowak"),
        ("Helen Price said the harbour would stay closed.", "Helen Price"),
        ("The toll could rise, according to Kenji Watanabe.", "Kenji Watanabe"),
        ('Rajesh Iyer told reporters: "The numbers do not add up."', "Rajesh Iyer"),
        ('Grace Mensah, the Kirkby Town manager, said: "We were patient."', "Grace Mensah"),
        ('"It spread quickly," said farmer Sam Oduya.', "Sam Oduya"),
        ('"Prices will rise," the chancellor, Elena Castillo, warned.', "Elena Castillo"),
    ],
)
def test_attribution_patterns_name_the_speaker(sentence: str, speaker: str) -> None:
    assert find_speaker(sentence) == speaker


def test_pronoun_resolves_to_the_nearest_earlier_named_person() -> None:
    before = [
        "Pieter de Vries opened the session.",
        "Helen Price, the opposition leader, spoke next.",
    ]
    assert find_speaker('"This budget is a fantasy," she said.', before) == "Helen Price"


def test_pronoun_without_anyone_named_earlier_gives_none() -> None:
    assert find_speaker('"This budget is a fantasy," she said.', ["The hall was full."]) is None


def test_bare_surname_expands_to_the_full_name_used_earlier() -> None:
    before = ["Maria Okafor chaired the meeting."]
    assert find_speaker('"We will learn from this," Okafor said.', before) == "Maria Okafor"


def test_quote_running_over_two_sentences_takes_the_attribution_after_it() -> None:
    after = ['We have trained for months," said Coach Tom Reid.']
    assert find_speaker('"We are ready.', [], after) == "Coach Tom Reid"


@pytest.mark.parametrize(
    "sentence",
    [
        '"It could have been much worse," a police spokesperson said.',
        'It was, in the words of one resident, "a miracle".',
        'Shopkeepers say the rules have "killed the high street".',
        "",
    ],
)
def test_unnamed_or_group_speakers_give_none_rather_than_a_guess(sentence: str) -> None:
    assert find_speaker(sentence) is None


@pytest.mark.parametrize("name", ["quotes.json", "quotes_holdout.json"])
def test_labelled_quotes_are_at_least_ninety_percent_right(name: str) -> None:
    cases = json.loads((DATA / name).read_text(encoding="utf-8"))
    right = sum(find_speaker(c["sentence"], c["before"], c["after"]) == c["speaker"] for c in cases)
    assert right / len(cases) >= 0.9


def test_labelled_set_has_at_least_forty_quotes() -> None:
    total = sum(
        len(json.loads((DATA / n).read_text(encoding="utf-8")))
        for n in ("quotes.json", "quotes_holdout.json")
    )
    assert total >= 40


def test_pathological_input_returns_quickly_with_none() -> None:
    assert find_speaker('"' * 5000 + "A " * 3000) is None


def test_second_quoted_sentence_keeps_the_speaker_of_the_one_before() -> None:
    before = ["“People forget the beach,” Mr Jago said."]
    assert find_speaker("“But this is where the storm ends up.”", before) == "Mr Jago"


def test_title_and_surname_expand_to_the_full_name_used_earlier() -> None:
    before = ["Sadia Rahman of the Green Party has won the by-election."]
    assert find_speaker('"This is a vote for a cleaner harbour," Ms Rahman said.', before) == (
        "Sadia Rahman"
    )


def test_job_word_opening_the_sentence_is_not_part_of_the_name() -> None:
    sentence = 'Treasurer Anwen Pryce said the group had "sold more cake than we admit".'
    assert find_speaker(sentence) == "Anwen Pryce"


def test_quote_closing_mid_sentence_is_not_mistaken_for_a_continued_quote() -> None:
    sentence = "Chair Rosa Kellow said it was for people who “never get to the market”."
    assert find_speaker(sentence) == "Rosa Kellow"
