"""Sentence splitting for the passage cursor: quotes, abbreviations, numbers, blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core.parse import parse_feed
from newsdesk.core.render import Block, render_article
from newsdesk.core.sentences import Passage, sentence_spans, split_sentences

SAMPLE = Path(__file__).parents[2] / "newsdesk" / "sample" / "longreads.rss"


def sentences(text: str, **kwargs: bool) -> list[str]:
    spans = split_sentences(text, **kwargs)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
    return [text[start:end] for start, end in spans]


# -- basics --------------------------------------------------------------------------------


def test_plain_sentences_and_offsets() -> None:
    text = "One thing.  Two things! Three things?   "
    assert split_sentences(text) == [(0, 10), (12, 23), (24, 37)]


def test_blank_and_unterminated_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n \n") == []
    assert sentences("A heading without a stop") == ["A heading without a stop"]
    assert sentences("  Padded.  ") == ["Padded."]


def test_lowercase_after_a_full_stop_does_not_split() -> None:
    assert sentences("It ended. and then it began again.") == ["It ended. and then it began again."]


# -- quotes and brackets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We don't know.” That changed.", ["“We don't know.”", "That changed."]),
        ('He said "go." Then he went.', ['He said "go."', "Then he went."]),
        ("“Really?” she asked. Yes.", ["“Really?” she asked.", "Yes."]),
        ("“Stop!” He stopped.", ["“Stop!”", "He stopped."]),
        ("‘Fine.’ And it was.", ["‘Fine.’", "And it was."]),
        ("(See the table.) It shows more.", ["(See the table.)", "It shows more."]),
        ("It was called “the budget”. It worked.", ["It was called “the budget”.", "It worked."]),
        (
            "Was she sure? “Cautiously. Ask me in 2030.”",
            ["Was she sure?", "“Cautiously.", "Ask me in 2030.”"],
        ),
        (
            "“That's where it was,” she said. “Everything below it is new.”",
            ["“That's where it was,” she said.", "“Everything below it is new.”"],
        ),
    ],
)
def test_closing_quotes_and_brackets_stay_with_their_sentence(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


# -- abbreviations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Mrs. Jones and Ms. Lee at Dr. Brown's office.",
        "The U.S. and the U.K. signed it.",
        "Most U.S. utilities publish annual summaries.",
        "It sits on St. Cyprian Street in Harlan.",
        "The Harlan St. data center is run by Vail Data Systems Inc., which switched.",
        "Tollan Seafood Co., a family firm, objected.",
        "Fruit, e.g. apples, and nuts, i.e. almonds, are sold.",
        "Apples, pears, etc. are sold here.",
        "About 30 firms (approx. 30 firms) qualify.",
        "The No. 3 reservoir is full.",
        "He cited Sec. 4(b) of the act.",
        "See Fig. 2 and p. 45 for details.",
        "In Aug. 2022 the salt front came close.",
        "From Jan. 5 to Dec. 31 the plant ran.",
        "The report was published on Nov. 3 last year.",
        "J. R. R. Tolkien wrote it.",
        "It was written by J. Smith in Oxford.",
        "She holds a Ph.D. from Lakeshore University.",
        "The U.S. Supreme Court ruled.",
        "It was Prof. Whitlock, not Gen. Achterberg, who spoke.",
        "Tea vs. coffee is an old argument.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He moved to the U.S. The next year he left.",
            ["He moved to the U.S.", "The next year he left."],
        ),
        (
            "It closes at 5 p.m. The doors open at 9 a.m. every day.",
            ["It closes at 5 p.m.", "The doors open at 9 a.m. every day."],
        ),
        ("It closes at 5 p.m. Eastern time.", ["It closes at 5 p.m. Eastern time."]),
        (
            "We sold apples, pears, etc. Nobody complained.",
            ["We sold apples, pears, etc.", "Nobody complained."],
        ),
        (
            "It was bought by Vail Data Systems Inc. The deal closed.",
            ["It was bought by Vail Data Systems Inc.", "The deal closed."],
        ),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("Sec. 4(b). The Utility shall publish.", ["Sec. 4(b).", "The Utility shall publish."]),
        ("It rose in 2023. 2024 was worse.", ["It rose in 2023.", "2024 was worse."]),
        (
            "He moved to the U.S. “It was cold,” he said.",
            ["He moved to the U.S.", "“It was cold,” he said."],
        ),
    ],
)
def test_abbreviations_at_the_end_of_a_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# -- numbers and ellipses ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Use fell by 3.5 percent last year.",
        "The plan costs $1.2 billion over fifteen years.",
        "Version v2.0 shipped, then v2.0.1 fixed it.",
        "Losses are down to 14.1 percent, from 17.3 percent.",
        "It was 58.6 percent in favour.",
        "It went on . . . and on.",
        "It went on... and on.",
    ],
)
def test_numbers_and_inner_ellipses_do_not_split(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He paused… Then he spoke.", ["He paused…", "Then he spoke."]),
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        ("Wait . . . Then go.", ["Wait . . .", "Then go."]),
        ("It cost v2.0. Then v3.0 came.", ["It cost v2.0.", "Then v3.0 came."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
    ],
)
def test_ellipses_and_runs_end_a_sentence_before_a_capital(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# -- newlines and code ---------------------------------------------------------------------


def test_newlines_are_boundaries() -> None:
    text = "Roses are red\nviolets are blue.\n\nA new paragraph. Two sentences."
    assert sentences(text) == [
        "Roses are red",
        "violets are blue.",
        "A new paragraph.",
        "Two sentences.",
    ]


def test_code_splits_only_at_newlines() -> None:
    code = "# ~/.bashrc\nHISTSIZE=100000\n\n    x = obj.Method(). Other()\n"
    assert sentences(code, lines_only=True) == [
        "# ~/.bashrc",
        "HISTSIZE=100000",
        "x = obj.Method(). Other()",
    ]
    spans = split_sentences(code, lines_only=True)
    assert code[spans[2][0] : spans[2][1]] == "x = obj.Method(). Other()"


# -- blocks --------------------------------------------------------------------------------


def test_sentence_spans_over_blocks() -> None:
    blocks = [
        Block("heading", "A title", level=2),
        Block("paragraph", "First one. Second one."),
        Block("rule", "―――"),
        Block("item", "An item. Its second sentence.", marker="• "),
        Block("code", "line one. Still one\nline two"),
        Block("table", "a │ b\n──┼──\n1 │ 2"),
    ]
    text = "\n\n".join(b.text for b in blocks)
    passages = sentence_spans(blocks)
    assert [(p.block, p.text) for p in passages] == [
        (0, "A title"),
        (1, "First one."),
        (1, "Second one."),
        (3, "An item."),
        (3, "Its second sentence."),
        (4, "line one. Still one"),
        (4, "line two"),
        (5, "a │ b"),
        (5, "──┼──"),
        (5, "1 │ 2"),
    ]
    for p in passages:
        assert blocks[p.block].text[p.start : p.end] == p.text
        assert text[p.article_start : p.article_end] == p.text
    assert passages[2] == Passage(1, 11, 22, "Second one.", len("A title") + 2 + 11)


def test_sentence_spans_of_an_empty_article() -> None:
    assert sentence_spans([]) == []
    assert sentence_spans(render_article("").blocks) == []


# -- the sample water-policy article -------------------------------------------------------


@pytest.fixture(scope="module")
def water() -> tuple[str, list[Passage]]:
    feed = parse_feed(SAMPLE.read_bytes(), "https://slownews.example/feed/")
    entry = next(e for e in feed.entries if "water rules" in e.title)
    rendered = render_article(entry.content_html, entry.link)
    return rendered.text, sentence_spans(rendered.blocks)


def test_water_article_passages_index_the_article_text(water: tuple[str, list[Passage]]) -> None:
    text, passages = water
    assert len(passages) > 80
    # a split in the wrong place shows up as a passage that starts mid-sentence
    assert [p.text for p in passages if p.text[0].islower()] == []
    starts = [p.article_start for p in passages]
    assert starts == sorted(starts)
    for p in passages:
        assert text[p.article_start : p.article_end] == p.text


@pytest.mark.parametrize(
    "sentence",
    [
        # a.m., Dr., No. 3 in one sentence
        "At 6 a.m. on a gray Tuesday in March, Dr. Lucia Brandt stood on the rim of the No. 3 "
        "reservoir above Port Calloway and pointed at a band of pale rock about twelve feet "
        "above the waterline.",
        "“That's where the water was when I moved here,” she said.",
        "For a long time, she says, the honest answer to both questions was “we don't really "
        "know.”",
        "That changed in 2023, when the city council passed an ordinance that is now studied by "
        "water managers across the U.S. and well beyond it.",
        "In Aug. 2022 the salt front came within 1.5 miles of the intake, and the utility spent "
        "nineteen days blending in reservoir water to keep chloride levels within federal "
        "limits.",
        "He remembers the night the readings peaked: the operations room emptied at 5 p.m. and "
        "filled up again an hour later, when the first chloride alarm went off.",
        "Revenue from the top tier goes into a dedicated fund for leak repair and efficiency "
        "grants, i.e. it cannot be spent on anything else.",
        "Sec. 4(b).",
        "The utility's capital plan, approved last year, calls for $1.2 billion in spending over "
        "fifteen years, most of it on replacing cast-iron mains laid between 1910 and 1960.",
        "The biggest single saving came from the Harlan St. data center run by Vail Data Systems "
        "Inc., which switched from evaporative cooling to a closed loop that uses treated "
        "wastewater.",
        "Mrs. Teresa Quiñones runs Tollan Seafood Co., a family processor on the waterfront, and "
        "says her water bill has nearly doubled.",
        "The council later added a hardship provision for small food businesses (approx. 30 "
        "firms qualify), but Mrs. Quiñones says the application form alone runs to eleven "
        "pages.",
        "“They were on St. Cyprian Street at 7 a.m. every day for a month,” she said.",
        "Most U.S. utilities, she noted, publish annual summaries at best, e.g. a single figure "
        "for total production and another for total billing.",
        "Was she optimistic?",
        "“Cautiously.",
        "Ask me that in 2030, too.”",
        "Losses are down to 14.1 percent, according to the latest monthly statement.",
    ],
)
def test_water_article_sentences(water: tuple[str, list[Passage]], sentence: str) -> None:
    _, passages = water
    assert sentence in [p.text for p in passages]


def test_water_article_headings_and_items_are_their_own_passages(
    water: tuple[str, list[Passage]],
) -> None:
    _, passages = water
    texts = [p.text for p in passages]
    for heading in ("A city built on an estuary", "The water budget", "Who pays"):
        assert heading in texts
    assert (
        "Rates rise in tiers, with the top tier priced at roughly 3.5 times the base rate." in texts
    )
    assert "The No. 3 reservoir, with the old high-water mark visible on the far wall." in texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今日は晴れです。明日は雨でしょう。", ["今日は晴れです。", "明日は雨でしょう。"]),
        ("本当ですか？はい！そうです。", ["本当ですか？", "はい！", "そうです。"]),
        ("他说：「我们走吧。」然后离开了。", ["他说：「我们走吧。」", "然后离开了。"]),
        ("港口明天开放。 The ferry runs.", ["港口明天开放。", "The ferry runs."]),
    ],
)
def test_cjk_full_width_marks_end_sentences_without_a_space(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
