"""The reader is never empty: huge or deeply nested bodies render what can be shown."""

from __future__ import annotations

from newsdesk.core.render import CUT_LINE, MAX_BLOCKS, render_article


def test_a_10_mb_body_renders_its_start_and_says_the_rest_was_cut() -> None:
    body = "".join(f"<p>para {n} " + "word " * 100 + "</p>" for n in range(20_000))
    assert len(body) > 10_000_000
    rendered = render_article(body)
    assert rendered.blocks[0].text.startswith("para 0 word")
    assert len(rendered.blocks) <= MAX_BLOCKS + 1
    assert rendered.blocks[-1].text == CUT_LINE


def test_100000_nested_divs_still_show_their_text() -> None:
    rendered = render_article("<div>" * 100_000 + "deep text" + "</div>" * 100_000)
    assert any("deep text" in b.text for b in rendered.blocks)


def test_deep_inline_nesting_keeps_the_words() -> None:
    rendered = render_article("<p>start</p>" + "<b>" * 5000 + "bold words" + "</b>" * 5000)
    assert [b.text for b in rendered.blocks] == ["start", "bold words"]


def test_a_short_article_gets_no_cut_line() -> None:
    rendered = render_article("<p>one</p><p>two</p>")
    assert [b.text for b in rendered.blocks] == ["one", "two"]
