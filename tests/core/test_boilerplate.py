"""Boilerplate removal on an item shaped like a real WordPress feed item (our own fixture)."""

from __future__ import annotations

from pathlib import Path

from newsdesk.core.boilerplate import StripRules, strip_boilerplate
from newsdesk.core.render import render_article

ITEM = (Path(__file__).parent / "fixtures" / "wordpress_item.html").read_text()


def test_wordpress_trailer_share_block_and_pixel_are_hidden() -> None:
    shown = strip_boilerplate(render_article(ITEM)).text
    assert shown.startswith("The harbour board voted on Tuesday")
    assert "about £40,000 in extra maintenance." in shown
    for litter in (
        "appeared first on",
        "[Read More]",
        "Google News",
        "Share this",
        "Share on X",
        "Comments are closed",
        "Source:",
        "—–",
        "pixel",
        "Email",
    ):
        assert litter not in shown, litter


def test_links_are_renumbered_to_what_is_still_shown() -> None:
    html = (
        '<p>See <a href="https://a.example/">the report</a>.</p>'
        '<p>The post <a href="https://b.example/">X</a> appeared first on '
        '<a href="https://c.example/">Y</a>.</p>'
        '<p>And <a href="https://d.example/">the annex</a>.</p>'
    )
    shown = strip_boilerplate(render_article(html))
    assert shown.links == ["https://a.example/", "https://d.example/"]
    assert "the annex[2]" in shown.text


def test_a_user_rule_hides_more_for_matching_feeds_only() -> None:
    rules = StripRules.build({"https://example-news.example/*": [r"^Members said"]})
    here = strip_boilerplate(render_article(ITEM), "https://example-news.example/feed", rules)
    elsewhere = strip_boilerplate(render_article(ITEM), "https://other.example/feed", rules)
    assert "Members said" not in here.text
    assert "Members said" in elsewhere.text


def test_stripping_is_a_view_and_keeps_ordinary_prose() -> None:
    prose = "<p>Read more about the budget in our explainer, published on Monday.</p>"
    assert strip_boilerplate(render_article(prose)).text == (
        "Read more about the budget in our explainer, published on Monday."
    )


def test_continue_reading_teaser_link_is_hidden() -> None:
    html = (
        "<p>The ferry returns on Friday.</p>"
        '<p><a href="https://x.example/ferry">Continue reading “Late ferry” →</a></p>'
    )
    assert strip_boilerplate(render_article(html)).text == "The ferry returns on Friday."


def test_no_stray_link_number_or_teaser_line_is_left_at_the_end() -> None:
    for html in (
        "<p>Body text here.</p><p><a href='https://x.example/a'>1</a></p>",
        "<p>Body text here.</p><p>The post <a href='https://x.example/1'>T</a> appeared first "
        "on <a href='https://x.example/'>S</a>.</p><p><a href='https://x.example/1'>"
        "<img src='https://x.example/i.png' alt=''></a></p>",
        "<p>Body text here.<br><a href='https://x.example/1'>Read More</a></p>",
    ):
        shown = strip_boilerplate(render_article(html))
        assert shown.text == "Body text here.", html
        assert shown.links == []
        assert shown.blocks[-1].spans == []


def test_a_number_inside_the_text_stays() -> None:
    html = "<p>Rooms:<br>12</p><p>Floors <a href='https://x.example/f'>3</a> and up.</p>"
    shown = strip_boilerplate(render_article(html))
    assert shown.text == "Rooms:\n12\n\nFloors 3[1] and up."
