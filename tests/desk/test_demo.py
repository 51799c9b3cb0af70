"""The demo desk (`newsdesk --demo`) opens with quotes and claims marked in two outlets."""

from __future__ import annotations

from pathlib import Path

from newsdesk.core.sample import copy_sample_files
from newsdesk.desk import Desk
from newsdesk.desk.demo import annotate_demo


def test_the_demo_marks_quotes_and_claims_the_board_shows_with_speakers(
    desk: Desk, tmp_path: Path
) -> None:
    desk.load_sample(copy_sample_files(tmp_path / "feeds", with_fulltext=True))
    assert annotate_demo(desk) == 5
    highlights = desk.highlights()
    assert {h.kind for h in highlights} == {"quote", "claim"}
    assert {h.status for h in highlights} >= {"open", "verified", "disputed"}
    assert any(h.kind == "quote" and h.speaker == "Sadia Rahman" for h in highlights)
    outlets = {s.outlet for c in desk.claims("") for s in c.sources}
    assert len(outlets) >= 2
    assert all(not a.read for a in desk.articles())  # marking is not reading


def test_the_demo_marks_nothing_on_a_desk_without_the_sample(desk: Desk) -> None:
    assert annotate_demo(desk) == 0
