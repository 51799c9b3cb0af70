"""Local feeds (file:// and paths, also from OPML): regular files only, bounded reads."""

from __future__ import annotations

import os
from pathlib import Path

import hostile
import pytest

from newsdesk.core.errors import FetchError
from newsdesk.core.localfeed import read_local
from newsdesk.core.refresh import refresh_local

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)  # nobody ever writes: opening it for reading would wait forever
    with pytest.raises(FetchError, match="Not a regular file"):
        read_local(fifo.as_uri())


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused() -> None:
    with pytest.raises(FetchError, match="Not a regular file"):
        read_local("file:///dev/null")


def test_a_fifo_feed_fails_with_a_clear_message(tmp_path: Path, desk) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe.rss"
    os.mkfifo(fifo)
    feed = desk.add_feed(fifo.as_uri())
    outcome = refresh_local(desk, feed)
    assert outcome.status == "failed" and "Not a regular file" in (outcome.error or "")


def test_a_local_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.rss"
    path.write_bytes(hostile.simple_rss([("x" * 5000, "https://x.example/")]))
    with pytest.raises(FetchError, match="too large"):
        read_local(path.as_uri(), max_bytes=1000)
    assert read_local(path.as_uri()).content == path.read_bytes()


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    target = tmp_path / "real.rss"
    target.write_bytes(b"<rss/>")
    link = tmp_path / "link.rss"
    link.symlink_to(target)
    assert read_local(str(link)).content == b"<rss/>"


def test_an_opml_import_from_a_fifo_is_refused(tmp_path: Path, desk) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.core.opml import OpmlError, import_opml

    fifo = tmp_path / "subs.opml"
    os.mkfifo(fifo)
    with pytest.raises(OpmlError, match="Not a regular file"):
        import_opml(desk, fifo)
