"""Links and formatting carried through the extractor as markers: set, found, restored."""

from __future__ import annotations

from lxml import html as lhtml

from newsdesk.core.inlinemarks import (
    MARKS,
    Mark,
    mark_inline,
    restore_inline,
    strip_page_marks,
    unmark_tree,
)
from newsdesk.core.sanitize import sanitize_html

LINK = Mark("a", "https://harbour.example/tides/", "thetidetables")


def _marker(index: int) -> str:
    return chr(0xF0000 + index)


def test_marks_go_before_each_elements_first_words_outer_first() -> None:
    root = lhtml.fragment_fromstring(
        '<p>See <a href="https://harbour.example/t/"><em>the tide</em> tables</a> and '
        '<a href="https://harbour.example/h/">\n  <strong>harbour</strong></a> '
        '<a name="anchor">no address</a> '
        '<a href="https://harbour.example/i/"><img src="x.png"></a></p>'
    )
    marks = mark_inline(root)
    assert marks == [
        Mark("a", "https://harbour.example/t/", "thetidetables"),
        Mark("em", "", "thetide"),
        Mark("a", "https://harbour.example/h/", "harbour"),
        Mark("strong", "", "harbour"),
    ]
    assert root[0][0].text == _marker(0) + _marker(1) + "the tide"  # inside the <em>
    assert root[1][0].text == _marker(2) + _marker(3) + "harbour"  # past the blank text
    assert root[2].text == "no address"  # no address, no mark
    assert root[3].text is None  # an image link has no text to mark


def test_restore_wraps_the_marked_text_whatever_the_whitespace() -> None:
    fragment = f"<p>See {_marker(0)}the\n  tide tables, then <b>go</b>.</p>"
    assert restore_inline(fragment, [LINK]) == (
        '<p>See <a href="https://harbour.example/tides/">the\n  tide tables</a>, '
        "then <b>go</b>.</p>"
    )


def test_nested_marks_restore_nested_tags() -> None:
    fragment = f"<p>{_marker(0)}{_marker(1)}Netflix and more</p>"
    marks = [Mark("a", "https://n.example/", "Netflix"), Mark("em", "", "Netflix")]
    assert restore_inline(fragment, marks) == (
        '<p><a href="https://n.example/"><em>Netflix</em></a> and more</p>'
    )


def test_entities_count_as_one_character() -> None:
    fragment = f"<p>{_marker(0)}Fish &amp; chips today</p>"
    marks = [Mark("strong", "", "Fish&chips")]
    assert restore_inline(fragment, marks) == "<p><strong>Fish &amp; chips</strong> today</p>"


def test_a_mark_whose_text_was_changed_or_cut_by_a_block_stays_plain() -> None:
    cut = f"<p>See {_marker(0)}the tide</p><p>tables here</p>"
    changed = f"<p>See {_marker(0)}the tidal tables</p>"
    assert restore_inline(cut, [LINK]) == "<p>See the tide</p><p>tables here</p>"
    assert restore_inline(changed, [LINK]) == "<p>See the tidal tables</p>"
    assert restore_inline(f"<p>{_marker(7)}x</p>", [LINK]) == "<p>x</p>"  # unknown mark


def test_an_address_cannot_break_out_of_its_attribute() -> None:
    mark = Mark("a", 'https://harbour.example/"onmouseover="steal()', "tide")
    restored = restore_inline(f"<p>{_marker(0)}tide</p>", [mark])
    link = lhtml.fragment_fromstring(sanitize_html(restored)).find(".//a")
    assert link is not None and list(link.attrib) == ["href"]  # still one attribute


def test_markers_are_removed_from_pages_and_trees() -> None:
    forged = f"<p>{_marker(0)}click here</p>"
    as_references = (
        "<p>&#xF0000;a&#983041;b&#x10fffd c&#0001048576;d &#xF000; &#9830; &#x1F600;</p>"
    )
    expected = "<p>ab cd &#xF000; &#9830; &#x1F600;</p>"
    assert strip_page_marks(as_references, as_references.encode(), "utf-8") == expected
    for encoding in ("utf-8", "utf-16"):
        page = forged + "\U0010fffd"
        assert strip_page_marks(page, page.encode(encoding), encoding) == "<p>click here</p>"
    root = lhtml.fragment_fromstring(f"<div>{_marker(3)}a<b>{_marker(4)}b</b>{_marker(5)}c</div>")
    unmark_tree(root)
    assert not MARKS.search(lhtml.tostring(root, encoding="unicode"))
