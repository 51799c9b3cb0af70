"""OPML import and export: folders as tags, duplicates, invalid entries, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core.opml import OpmlError, export_opml, import_opml, read_opml

OPML2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline type="rss" text="Blog A" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/>
      <outline text="Python">
        <outline type="rss" text="Py News" xmlUrl="https://py.example/rss"/>
      </outline>
    </outline>
    <outline type="rss" text="Loose" xmlUrl="http://loose.example/atom" category="/News,/Daily"/>
    <outline type="rss" text="Again" xmlUrl="HTTPS://A.Example/feed"/>
    <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
    <outline type="rss" text="Empty" xmlUrl=""/>
    <outline type="rss" text="Local" xmlUrl="file:///tmp/feed.xml"/>
  </body>
</opml>"""

OPML1 = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>old</title></head><body>
<outline title="News"><outline title="Wire" xmlurl="https://wire.example/rss" type="rss"/></outline>
</body></opml>"""


def test_import_opml2_folders_become_tags_and_duplicates_are_skipped(desk) -> None:  # type: ignore[no-untyped-def]
    report = import_opml(desk, OPML2, "subs.opml")
    assert report.added == [
        "https://a.example/feed",
        "https://py.example/rss",
        "http://loose.example/atom",
    ]
    assert report.skipped == ["https://a.example/feed"]
    # an OPML file is untrusted: it may not make the desk read local files
    assert [what for what, _ in report.invalid] == [
        "javascript:alert(1)",
        "Empty",
        "file:///tmp/feed.xml",
    ]
    assert "newsdesk add PATH" in report.invalid[-1][1]
    assert report.summary() == "3 added, 1 skipped (already subscribed), 3 invalid"
    tags = {f.url: f.tags for f in desk.feeds()}
    assert tags["https://a.example/feed"] == ("Tech",)
    assert tags["https://py.example/rss"] == ("Tech", "Python")
    assert tags["http://loose.example/atom"] == ("News", "Daily")
    assert desk.feed_by_url("https://a.example/feed").title == "Blog A"
    again = import_opml(desk, OPML2)
    assert again.added == [] and len(again.skipped) == 4


def test_import_opml1_with_lowercase_attribute(desk) -> None:  # type: ignore[no-untyped-def]
    report = import_opml(desk, OPML1)
    assert report.added == ["https://wire.example/rss"]
    assert desk.feeds()[0].tags == ("News",)


def test_import_from_a_path(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "subs.opml"
    path.write_bytes(OPML1)
    assert import_opml(desk, path).added == ["https://wire.example/rss"]
    with pytest.raises(OpmlError, match="Cannot read"):
        import_opml(desk, tmp_path / "missing.opml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not xml at all", "is not OPML: it is not XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not OPML: it is not XML"),
        (b"<html><body>hi</body></html>", "XML but not OPML"),
        (b"<opml version='2.0'><head/></opml>", "without a <body>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>',
            "declares XML entities",
        ),
    ],
)
def test_files_that_are_not_opml_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message) as caught:
        read_opml(data, "subs.opml")
    assert "\n" not in str(caught.value)


def test_export_round_trips_through_import(desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_opml(desk, OPML2)
    exported = export_opml(desk.feeds())
    assert exported.startswith(b"<?xml")
    from newsdesk.store import open_store

    other = open_store(tmp_path / "other.json")
    try:
        report = import_opml(other, exported)
        assert sorted(report.added) == sorted(f.url for f in desk.feeds())
        assert {f.url: (f.title, f.tags) for f in other.feeds()} == {
            f.url: (f.title, f.tags) for f in desk.feeds()
        }
    finally:
        other.close()


def test_export_escapes_titles(desk) -> None:  # type: ignore[no-untyped-def]
    desk.add_feed("https://x.example/feed", title='Tom & "Jerry" <3', tags=("a&b",))
    feeds, invalid = read_opml(export_opml(desk.feeds()))
    assert invalid == [] and feeds[0].title == 'Tom & "Jerry" <3' and feeds[0].tags == ("a&b",)
