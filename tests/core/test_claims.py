"""The claims board's pure pieces: the same claim across outlets, merging, the filter
language, speakers around a highlighted passage, and the JSON/CSV/Markdown exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from newsdesk.core.claims import (
    Claim,
    ClaimItem,
    ClaimSource,
    check_status,
    filter_claims,
    jaccard,
    merge_claims,
    normalise,
    parse_query,
    same_claim,
    speaker_around,
    unknown_terms,
)
from newsdesk.core.claims_export import claims_csv, claims_json, claims_markdown, claims_text
from newsdesk.core.models import ClaimStatus

WHEN = datetime(2026, 11, 14, 9, 0, tzinfo=UTC)


def item(
    text: str,
    outlet: str,
    *,
    story: str | None = "storm",
    status: ClaimStatus = "open",
    speaker: str = "",
    detected: bool = False,
    note: str = "",
    kind: str = "claim",
    link: str = "https://news.example/a",
) -> ClaimItem:
    return ClaimItem(
        text=text,
        kind=kind,
        status=status,
        speaker=speaker,
        story=story,
        story_title={"storm": "Storm Brannagh", None: f"{outlet} article"}.get(story, "Vote"),
        source=ClaimSource(
            highlight_id=f"h-{outlet}-{len(text)}",
            article_id=f"a-{outlet}",
            offset=10,
            outlet=outlet,
            title=f"{outlet} on the storm",
            link=link,
            published=WHEN,
            note=note,
        ),
        speaker_detected=detected,
    )


# -- the same claim ----------------------------------------------------------------------------


def test_normalise_ignores_case_quote_marks_dashes_and_spacing() -> None:
    assert normalise("“Wet ground — the WORST,”  she said.") == normalise(
        '"wet ground - the worst," she said'
    )


def test_identical_text_is_the_same_claim_even_across_stories() -> None:
    assert same_claim("Ferries are suspended.", "ferries are SUSPENDED", same_story=False)


def test_near_same_text_is_one_claim_only_within_a_story() -> None:
    a = "Power was restored to most homes by breakfast on Saturday morning, the operator said"
    b = "Power was restored to most homes by breakfast on Saturday, the operator said"
    assert jaccard(normalise(a), normalise(b)) >= 0.8
    assert same_claim(a, b, same_story=True)
    assert not same_claim(a, b, same_story=False)


def test_different_claims_in_one_story_stay_apart() -> None:
    a = "The promenade is closed between the bandstand and Ship Street."
    b = "The promenade is closed between the bandstand and Ship Street while trees are cleared."
    assert not same_claim(a, b, same_story=True)  # Jaccard 9/13: below 0.8


def test_merge_shows_one_claim_with_both_outlets_as_sources() -> None:
    claims = merge_claims(
        [
            item("Gull Island ferry sailings are suspended.", "Echo"),
            item("The council will replant the limes.", "Echo"),
            item("Gull Island ferry sailings are suspended", "Gazette", story=None),
        ]
    )
    assert [c.text for c in claims] == [
        "Gull Island ferry sailings are suspended.",
        "The council will replant the limes.",
    ]
    assert claims[0].outlets == ("Echo", "Gazette")
    assert claims[0].story == "storm"


def test_merged_claim_takes_the_most_serious_status_a_saved_speaker_and_every_note() -> None:
    claims = merge_claims(
        [
            item("Winds reached 81 mph.", "Echo", status="verified", speaker="Ann", detected=True),
            item("Winds reached 81 mph", "Gazette", status="disputed", speaker="Met Office"),
            item("winds reached 81 MPH.", "Wire", note="Met Office says 78."),
        ]
    )
    (claim,) = claims
    assert claim.status == "disputed"
    assert claim.speaker == "Met Office" and not claim.speaker_detected
    assert claim.note == "Met Office says 78."
    assert len(claim.sources) == 3


def test_a_detected_speaker_is_flagged_as_a_guess() -> None:
    (claim,) = merge_claims([item("It was loud.", "Echo", speaker="Morwenna Hicks", detected=True)])
    assert claim.speaker == "Morwenna Hicks" and claim.speaker_detected


def test_claims_without_a_story_group_under_their_own_article() -> None:
    claims = merge_claims([item("A.", "Echo", story=None), item("B.", "Gazette", story=None)])
    assert [c.group for c in claims] == ["article:a-Echo", "article:a-Gazette"]


# -- filtering ---------------------------------------------------------------------------------


def sample_claims() -> list[Claim]:
    return merge_claims(
        [
            item("Rates will rise.", "Harbour Gazette", status="disputed", speaker="Sadia Rahman"),
            item("Ferries stop.", "Wrenmouth Echo", kind="quote", speaker="Bryony Saltash"),
            item("Turnout fell.", "Coastal Wire", story="vote", status="false"),
        ]
    )


def test_query_terms_are_parsed_and_unknown_keys_are_words() -> None:
    query = parse_query("status:disputed kind:quote outlet:gazette speaker:rahman story:storm x:y")
    assert query.statuses == ("disputed",) and query.kinds == ("quote",)
    assert query.outlets == ("gazette",) and query.speakers == ("rahman",)
    assert query.stories == ("storm",) and query.words == ("x:y",)


def test_a_status_or_kind_no_claim_can_have_is_named_for_the_hint() -> None:
    """`status:bogus` just said "No claim matches the filter"."""
    assert unknown_terms(parse_query("status:bogus kind:factcheck ferry")) == [
        "status:bogus",
        "kind:factcheck",
    ]
    assert unknown_terms(parse_query("status:dis kind:fact status:open")) == []


@pytest.mark.parametrize(
    ("query", "texts"),
    [
        ("status:disputed", ["Rates will rise."]),
        ("status:dis", ["Rates will rise."]),
        ("kind:quote", ["Ferries stop."]),
        ("outlet:gazette", ["Rates will rise."]),
        ("speaker:saltash", ["Ferries stop."]),
        ("story:brannagh", ["Rates will rise.", "Ferries stop."]),
        ("status:false status:disputed", ["Rates will rise.", "Turnout fell."]),
        ("turnout", ["Turnout fell."]),
        ("outlet:echo rates", []),
    ],
)
def test_filter_by_status_kind_outlet_speaker_story_and_words(query: str, texts: list[str]) -> None:
    assert [c.text for c in filter_claims(sample_claims(), query)] == texts


def test_an_unknown_status_is_refused_with_the_known_ones() -> None:
    assert check_status("verified") == "verified"
    with pytest.raises(ValueError, match="open, verified, disputed, false"):
        check_status("maybe")


# -- speakers ----------------------------------------------------------------------------------

PASSAGES = [
    (0, 60, "Council tree officer Bryony Saltash said the trees were sound."),
    (61, 130, '"Wet ground and a south-easterly is the worst combination," she said.'),
    (131, 170, "The council intends to replant."),
    (171, 240, '"It sounded like a train all night," said resident Morwenna Hicks.'),
]


@pytest.mark.parametrize(
    ("start", "end", "speaker"),
    [
        (62, 100, "Bryony Saltash"),  # a part of a quote: the pronoun resolved from before
        (0, 60, "Bryony Saltash"),  # reported speech
        (171, 240, "Morwenna Hicks"),  # attribution after the quote, with a role
        (131, 170, None),  # no one said it: no guess
        (500, 510, None),  # off the text (the article changed)
    ],
)
def test_speaker_around_reads_the_sentence_and_its_neighbours(
    start: int, end: int, speaker: str | None
) -> None:
    assert speaker_around(PASSAGES, start, end) == speaker


# -- exports ---------------------------------------------------------------------------------


def hostile_claims() -> list[Claim]:
    return merge_claims(
        [
            item(
                '=HYPERLINK("x") <img src=x onerror=alert(1)> [go](javascript:alert(1))\x1b[31m',
                "Echo\u202e",
                link="javascript:alert(1)",
                speaker="Ann\x07",
                note="see <script>x</script> [ok](https://ok.example)",
            ),
            item('=HYPERLINK("x") <img src=x onerror=alert(1)> [go](javascript:alert(1))', "Gaz"),
            item("Another claim.", "Wire", story=None, status="verified"),
        ]
    )


def test_json_has_the_documented_shape() -> None:
    data = json.loads(claims_json(hostile_claims()))
    assert list(data) == ["claims"]
    first = data["claims"][0]
    assert list(first) == ["text", "kind", "status", "speaker", "note", "story", "sources"]
    assert first["story"] == "storm" and data["claims"][1]["story"] is None
    assert [list(s) for s in first["sources"]] == [["outlet", "title", "link", "published"]] * 2
    assert first["sources"][0]["link"] == ""  # javascript: is never written as a link
    assert first["sources"][1]["link"] == "https://news.example/a"
    assert first["sources"][0]["published"] == WHEN.isoformat()
    assert "\x1b" not in json.dumps(data) and "\u202e" not in first["sources"][0]["outlet"]
    assert first["speaker"] == "Ann"


def test_csv_has_one_row_per_claim_its_sources_joined_and_no_formulas() -> None:
    rows = list(csv.reader(io.StringIO(claims_csv(hostile_claims()))))
    assert rows[0] == [
        "text",
        "kind",
        "status",
        "speaker",
        "note",
        "story",
        "outlets",
        "titles",
        "links",
    ]
    assert len(rows) == 3
    assert rows[1][0].startswith("'=")  # a spreadsheet shows it, never runs it
    assert rows[1][6] == "Echo | Gaz"
    assert rows[1][8] == " | https://news.example/a"
    assert rows[2][2] == "verified" and rows[2][5] == ""


def test_markdown_groups_by_story_and_keeps_feed_text_inert() -> None:
    text = claims_markdown(hostile_claims())
    assert text.count("## ") == 2 and "## Storm Brannagh" in text
    assert "<img" not in text and "&lt;img" in text
    assert "[go](javascript" not in text and "\\[go\\](javascript" in text  # escaped: no link
    assert "<javascript" not in text
    assert "<script>" not in text
    assert "<https://news.example/a>" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "- Status: verified" in text


def test_plain_text_board_flags_a_detected_speaker() -> None:
    claims = merge_claims([item("It was loud.", "Echo", speaker="Morwenna Hicks", detected=True)])
    assert "(Morwenna Hicks?)" in claims_text(claims)
    assert claims_text([]).startswith("No claims yet")
