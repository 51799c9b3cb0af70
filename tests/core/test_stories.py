"""Story grouping: same event joins across outlets, look-alike events stay apart, state persists."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.core.stories import StoryArticle, StoryConfig, StoryIndex, lede_of

T0 = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "stories" / "articles.json"


def art(aid: str, feed: str, title: str, lede: str, hours: float = 0.0) -> StoryArticle:
    return StoryArticle(aid, feed, title, lede, T0 + timedelta(hours=hours))


QUAKE_A = [
    art(
        "a1",
        "wire",
        "Magnitude 6.1 earthquake shakes Malatya",
        "A magnitude 6.1 earthquake struck near Malatya in eastern Anatolia early on Tuesday, "
        "killing at least 12 people. Governor Maria Okafor said rescue teams were still "
        "reaching villages around Malatya.",
    ),
    art(
        "b1",
        "post",
        "Malatya rattled by deadly 6.1 quake",
        "At least 14 people died when a 6.1 tremor hit Malatya on Tuesday, according to the "
        "Kandilli Observatory. Governor Maria Okafor told reporters schools would stay shut.",
        3,
    ),
    art(
        "c1",
        "herald",
        "Rescuers search rubble after Malatya earthquake",
        "Emergency crews in Malatya worked through the night after Tuesday's 6.1 earthquake. "
        "The Kandilli Observatory put the epicentre 9 km from the town; Maria Okafor said "
        "the toll had reached 12.",
        8,
    ),
]
# same country, same kind of event, two days later: a different story
QUAKE_B = art(
    "d1",
    "post",
    "Magnitude 5.4 earthquake hits Elazig",
    "A magnitude 5.4 earthquake struck Elazig on Thursday, damaging a mosque and two schools. "
    "Mayor Tomasz Nowak said 30 people were treated in Elazig hospital.",
    50,
)

LOOK_ALIKES = {
    "results for two quarters": (
        art(
            "q2",
            "ledger",
            "Calloway Motors profit rises in second quarter as sales reach $17.7 billion",
            "Calloway Motors said second-quarter revenue reached $17.7 billion, with operating "
            "profit up to $500 million. Chief executive Daniel Ortega said demand in Europe "
            "had been strong.",
        ),
        art(
            "q3",
            "ledger",
            "Calloway Motors profit falls in third quarter as sales reach $16.2 billion",
            "Calloway Motors said third-quarter revenue reached $16.2 billion, with operating "
            "profit down to $410 million. Chief executive Daniel Ortega blamed weak demand in "
            "Europe.",
            24 * 91,
        ),
    ),
    "two matches between the same teams": (
        art(
            "m1",
            "sport",
            "Kirkby Town beat Halden United 2-0 in the County Cup",
            "Luis Moreno scored twice as Kirkby Town beat Halden United 2-0 at Mill Park on "
            "Wednesday in front of 8,749 fans.",
        ),
        art(
            "m2",
            "sport2",
            "Halden United beat Kirkby Town 3-1 in the County Cup replay",
            "Ben Carver scored twice as Halden United beat Kirkby Town 3-1 at Halden Stadium on "
            "Saturday in front of 18,591 fans.",
            72,
        ),
    ),
    "two fires in one town on one day": (
        art(
            "f1",
            "gazette",
            "Fire tears through warehouse on Dock Road, Wrenmouth",
            "More than 60 firefighters were called to a warehouse on Dock Road in Wrenmouth on "
            "Friday night. Station manager Helen Price said nobody was hurt.",
        ),
        art(
            "f2",
            "echo",
            "Fire at Wrenmouth tyre depot on Mill Lane",
            "Firefighters were called to a tyre depot on Mill Lane in Wrenmouth on Saturday "
            "morning. Rosa Kellow, who lives nearby, said the smoke was thick and black.",
            9,
        ),
    ),
}


def index_of(*articles: StoryArticle, config: StoryConfig | None = None) -> StoryIndex:
    index = StoryIndex(config)
    index.add(articles)
    return index


def test_same_event_reworded_by_three_outlets_is_one_story() -> None:
    index = index_of(*QUAKE_A)
    story = index.story_of("a1")
    assert story == "story:a1"  # the id comes from the first article
    assert index.members(story) == ["a1", "b1", "c1"]
    assert index.outlets(story) == ["wire", "post", "herald"]


def test_earthquake_in_the_same_country_two_days_later_is_another_story() -> None:
    index = index_of(*QUAKE_A, QUAKE_B)
    assert index.story_of("d1") != index.story_of("a1")


@pytest.mark.parametrize("case", sorted(LOOK_ALIKES))
def test_look_alike_events_stay_apart(case: str) -> None:
    first, second = LOOK_ALIKES[case]
    index = index_of(first, second)
    assert index.story_of(first.id) != index.story_of(second.id)


def test_look_alike_rematch_stays_apart_even_inside_a_wide_window() -> None:
    first, second = LOOK_ALIKES["two matches between the same teams"]
    index = index_of(first, second, config=StoryConfig(window_hours=24 * 7))
    assert index.story_of(first.id) != index.story_of(second.id)


def test_coverage_published_after_the_window_starts_a_new_story() -> None:
    late = art("z1", "late", QUAKE_A[1].title, QUAKE_A[1].lede, 24 * 10)
    index = index_of(*QUAKE_A, late)
    assert index.story_of("z1") == "story:z1"


def test_window_is_configurable() -> None:
    late = art("z1", "late", QUAKE_A[1].title, QUAKE_A[1].lede, 24 * 10)
    index = index_of(*QUAKE_A, late, config=StoryConfig(window_hours=24 * 12))
    assert index.story_of("z1") == "story:a1"


def test_syndicated_wire_copy_is_one_story_listing_each_outlet() -> None:
    wire = QUAKE_A[0]
    copies = [art(f"w{n}", feed, wire.title, wire.lede, n) for n, feed in enumerate("pqrs")]
    index = index_of(wire, *copies)
    story = index.story_of("a1")
    assert story is not None
    assert len(index.members(story)) == 5
    assert index.outlets(story) == ["wire", "p", "q", "r", "s"]


def test_one_outlet_publishing_the_same_story_twice_counts_as_one_outlet() -> None:
    again = art("a2", "wire", QUAKE_A[0].title + " (updated)", QUAKE_A[0].lede, 2)
    index = index_of(QUAKE_A[0], again, QUAKE_A[1])
    story = index.story_of("a1")
    assert story is not None
    assert index.members(story) == ["a1", "a2", "b1"]
    assert index.outlets(story) == ["wire", "post"]


def test_adding_an_indexed_article_again_changes_nothing() -> None:
    index = index_of(*QUAKE_A)
    assert index.add([QUAKE_A[1]]) == []
    assert len(index) == 3


def test_input_order_within_a_batch_does_not_change_the_result() -> None:
    articles = [*QUAKE_A, QUAKE_B, *LOOK_ALIKES["two fires in one town on one day"]]
    forward = index_of(*articles).to_dict()
    backward = index_of(*reversed(articles)).to_dict()
    assert forward == backward


def labelled() -> list[StoryArticle]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    return [
        StoryArticle(
            r["id"],
            r["feed_id"],
            r["title"],
            r["lede"],
            datetime.fromisoformat(r["published"].replace("Z", "+00:00")),
        )
        for r in rows
    ]


def test_incremental_adds_in_time_order_equal_one_batch() -> None:
    articles = sorted(labelled(), key=lambda a: (a.published, a.id))
    batch = index_of(*articles)
    stepwise = StoryIndex()
    for start in range(0, len(articles), 7):
        stepwise.add(articles[start : start + 7])
    assert {a.id: stepwise.story_of(a.id) for a in articles} == {
        a.id: batch.story_of(a.id) for a in articles
    }


def test_state_survives_a_json_round_trip_and_keeps_assigning_the_same_way() -> None:
    articles = sorted(labelled(), key=lambda a: (a.published, a.id))
    first, rest = articles[:90], articles[90:]
    original = index_of(*first)
    restored = StoryIndex.from_dict(json.loads(json.dumps(original.to_dict())))
    assert restored.to_dict() == original.to_dict()
    assert [c.story_id for c in restored.add(rest)] == [c.story_id for c in original.add(rest)]


def test_state_of_an_unknown_version_gives_an_empty_index() -> None:
    state = index_of(*QUAKE_A).to_dict()
    state["version"] = 999
    assert len(StoryIndex.from_dict(state)) == 0


def test_split_article_stays_out_of_its_story_after_later_adds() -> None:
    index = index_of(*QUAKE_A[:2])
    new_story = index.split("b1", QUAKE_A[1])
    assert new_story != "story:a1"
    assert index.members("story:a1") == ["a1"]
    assert index.splits == {"b1": "story:a1"}
    index.add([QUAKE_A[2]])
    assert index.story_of("b1") == new_story
    assert "b1" not in index.members("story:a1")
    assert index.story_of("c1") in ("story:a1", new_story)  # later coverage joins one of them
    restored = StoryIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert restored.story_of("b1") == new_story and restored.splits == {"b1": "story:a1"}


def test_split_without_the_article_leaves_later_coverage_to_the_original_story() -> None:
    index = index_of(*QUAKE_A[:2])
    index.split("b1")
    index.add([QUAKE_A[2]])
    assert index.members("story:a1") == ["a1", "c1"]


def test_merged_stories_stay_merged_and_grow_after_later_adds() -> None:
    # two halves of one event that grouping kept apart (a bare headline has too little to join)
    headline = art("h1", "ticker", "Malatya earthquake", "", 1)
    index = index_of(QUAKE_A[0], headline)
    assert index.story_of("h1") != index.story_of("a1")
    kept = index.merge("story:a1", index.story_of("h1") or "")
    assert kept == "story:a1"
    assert index.members(kept) == ["a1", "h1"]
    index.add(QUAKE_A[1:])
    assert index.members(kept) == ["a1", "h1", "b1", "c1"]
    assert index.merges == [("story:a1", "story:h1")]
    assert StoryIndex.from_dict(index.to_dict()).members(kept) == ["a1", "h1", "b1", "c1"]


def test_ten_thousand_live_updates_headlines_make_no_giant_story() -> None:
    topics = ["ferry", "budget", "storm", "trial", "election", "strike", "match", "flood"]
    articles = [
        art(
            f"live{n}",
            f"feed{n % 25}",
            "Live updates",
            f"Live: {topics[n % 8]} coverage number {n} from desk {n % 97} with reporter "
            f"{n % 89} and item {n * 7919 % 10007}.",
            n / 200,
        )
        for n in range(10_000)
    ]
    index = StoryIndex()
    index.add(articles)
    sizes = [len(index.members(sid)) for sid in index.stories()]
    assert len(index) == 10_000
    assert max(sizes) <= 20


def test_ten_thousand_identical_live_updates_boilerplates_make_no_giant_story() -> None:
    boilerplate = "Follow our live coverage of the day as it happens, with reports from our staff."
    articles = [
        art(f"live{n}", f"feed{n % 30}", "Live updates", boilerplate, n / 20) for n in range(10_000)
    ]
    index = StoryIndex()
    index.add(articles)
    assert max(len(index.members(sid)) for sid in index.stories()) <= 50


def test_bare_live_updates_headlines_without_bodies_stay_apart() -> None:
    articles = [art(f"l{n}", f"feed{n}", "Live updates", "", n / 10) for n in range(50)]
    index = index_of(*articles)
    assert len(index.stories()) == 50


def test_empty_titles_and_bodies_do_not_crash_and_stay_alone() -> None:
    index = index_of(art("e1", "x", "", ""), art("e2", "y", "", ""), art("e3", "z", "   ", "."))
    assert sorted(index.stories()) == ["story:e1", "story:e2", "story:e3"]


NON_ENGLISH = [
    art(
        "de1",
        "faz",
        "Erdbeben der Stärke 6,1 erschüttert Malatya",
        "Ein Erdbeben der Stärke 6,1 hat die türkische Stadt Malatya erschüttert. Mindestens "
        "zwölf Menschen kamen ums Leben, teilte Gouverneurin Maria Okafor mit.",
    ),
    art(
        "de2",
        "sz",
        "Malatya: Mindestens zwölf Tote nach Erdbeben der Stärke 6,1",
        "Nach dem Erdbeben der Stärke 6,1 in Malatya suchen Rettungskräfte nach Überlebenden. "
        "Gouverneurin Maria Okafor sprach von zwölf Toten.",
        2,
    ),
    art(
        "zh1",
        "xinhua",
        "土耳其马拉蒂亚发生6.1级地震",
        "土耳其东部马拉蒂亚省发生6.1级地震，造成至少12人死亡。救援人员正在搜救幸存者。",
        1,
    ),
    art(
        "zh2",
        "people",
        "马拉蒂亚6.1级地震已致12人死亡",
        "土耳其马拉蒂亚省6.1级地震已造成12人死亡，救援人员连夜搜救幸存者。",
        4,
    ),
    art("ja1", "nhk", "東京で震度4の地震", "東京都内で震度4の揺れを観測しました。", 5),
]


def test_non_english_coverage_groups_by_language_without_crashing() -> None:
    index = index_of(*NON_ENGLISH)
    assert index.story_of("de1") == index.story_of("de2")
    assert index.story_of("zh1") == index.story_of("zh2")
    assert index.story_of("ja1") not in (index.story_of("zh1"), index.story_of("de1"))


def test_progress_reports_done_and_total_up_to_the_end() -> None:
    seen: list[tuple[int, int]] = []
    articles = [
        art(f"p{n}", "f", f"Item {n} headline words", f"Body {n} text", n) for n in range(1200)
    ]
    StoryIndex().add(articles, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1200, 1200)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_lede_is_cut_at_a_word_boundary_near_300_characters() -> None:
    lede = lede_of("word " * 200)
    assert len(lede) <= 300 and lede.endswith("word")


def test_malformed_state_raises_a_clear_value_error() -> None:
    state = index_of(*QUAKE_A).to_dict()
    state["stories"][0]["articles"] = [["a1", "wire"]]  # the timestamp is missing
    with pytest.raises(ValueError, match="story state is malformed"):
        StoryIndex.from_dict(state)
