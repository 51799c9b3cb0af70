"""Comparing a story's versions: sentences only one outlet has, facts the outlets dispute."""

from __future__ import annotations

from newsdesk.core.compare import compare, find_facts, jaccard, tokens

GAZETTE = (
    "Storm Brannagh brought gusts of 78 mph to the promenade on Friday. "
    "Power was cut to 2,300 homes across the town. "
    "No one was hurt."
)
ECHO = (
    "Storm Brannagh brought gusts of 81 mph to the promenade on Friday night. "
    "Power was cut to 2,500 homes in the town. "
    "A garage roof on Ship Street was torn off."
)


def test_sentence_only_one_outlet_has_is_unique() -> None:
    result = compare([GAZETTE, ECHO])
    gazette, echo = result.versions
    unique_g = [GAZETTE[s.start : s.end] for s in gazette.unique]
    unique_e = [ECHO[s.start : s.end] for s in echo.unique]
    assert unique_g == ["No one was hurt."]
    assert unique_e == ["A garage roof on Ship Street was torn off."]


def test_near_duplicate_sentence_is_not_unique() -> None:
    result = compare([GAZETTE, ECHO])
    first = result.versions[0].sentences[0]
    assert GAZETTE[first.start : first.end].startswith("Storm Brannagh")
    assert not first.unique


def test_speeds_that_differ_are_a_disagreement_marked_in_both_versions() -> None:
    result = compare([GAZETTE, ECHO])
    mph = [d for d in result.disagreements if d.about == "mph"]
    assert len(mph) == 1
    assert mph[0].values == ((0, "78 mph"), (1, "81 mph"))
    marked = [GAZETTE[f.start : f.end] for f in result.versions[0].disputed]
    assert "78 mph" in marked and "2,300 homes" in marked


def test_the_same_numbers_are_no_disagreement() -> None:
    result = compare([GAZETTE, GAZETTE.replace("No one was hurt.", "Nobody was injured.")])
    assert [d for d in result.disagreements if d.kind == "number"] == []


def test_two_numbers_one_version_gives_both_are_two_facts() -> None:
    a = "Rahman won by 112 votes. Rahman took 684 votes in all."
    b = "Rahman won the ward by 112 votes."
    c = "Rahman took 684 votes in the ward."
    result = compare([a, b, c])
    assert [d for d in result.disagreements if d.about == "votes"] == []


def test_misspelt_name_is_a_disagreement() -> None:
    a = "Green candidate Sadia Rahman won the seat."
    b = "Green candidate Sadia Rahmen won the seat."
    result = compare([a, b])
    names = [d for d in result.disagreements if d.kind == "name"]
    assert names and names[0].values == ((0, "Sadia Rahman"), (1, "Sadia Rahmen"))


def test_reworded_quote_is_a_disagreement_and_an_identical_one_is_not() -> None:
    a = 'She said "we expect the last homes to be back on by lunchtime" on Saturday.'
    b = 'She said "we expect the last homes back on by lunchtime" on Saturday.'
    assert [d.kind for d in compare([a, b]).disagreements] == ["quote"]
    assert compare([a, a]).disagreements == ()


def test_dates_and_bare_numbers_are_not_facts() -> None:
    facts = find_facts("On 14 November 2026 there were 3 of them and 40 mph winds.")
    assert [(f.kind, f.value) for f in facts] == [("number", "40 mph")]


def test_percentages_compare_by_percent_sign_and_words() -> None:
    facts = find_facts("Turnout was 26.8 per cent, up from 25%.")
    assert [(f.key, f.value) for f in facts] == [("%", "26.8 per cent"), ("%", "25%")]


def test_single_version_has_nothing_to_compare() -> None:
    result = compare([GAZETTE])
    assert all(s.unique for s in result.versions[0].sentences)
    assert result.disagreements == ()


def test_jaccard_of_token_sets() -> None:
    assert jaccard(tokens("a b c"), tokens("A B d")) == 0.5
    assert jaccard(frozenset(), frozenset()) == 1.0


def test_a_figure_two_outlets_agree_on_is_not_put_with_a_third_outlets_other_figure() -> None:
    """By-election: two outlets give turnout 41% and the winner 27%, the third only 26.8%
    for the winner, in a sentence alike both of theirs. The 41% was grouped with the 26.8%
    and marked in dispute in the two versions that agree on it."""
    a = (
        "Turnout in Harbour Ward was 41 per cent. "
        "Rahman won with 27 per cent of the vote in the ward."
    )
    b = "Rahman took 27 per cent of the vote. Turnout in Harbour Ward was 41 per cent on Thursday."
    c = "Rahman won the ward with 26.8 per cent of the vote on a turnout nobody expected."
    result = compare([a, b, c])
    [dispute] = result.disagreements
    assert dispute.values == ((0, "27 per cent"), (1, "27 per cent"), (2, "26.8 per cent"))
    for text, marks in zip((a, b, c), result.versions, strict=True):
        assert all("41" not in text[f.start : f.end] for f in marks.disputed)
