"""An installed wheel must carry the stylesheet and the sample desk, not just the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_styles_and_sample_desk(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("newsdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "newsdesk/styles/newsdesk.tcss" in names
    for sample in (
        "harbour-gazette.rss",
        "field-notes.atom",
        "terminal-times.json",
        "longreads.rss",
    ):
        assert f"newsdesk/sample/{sample}" in names
    assert "newsdesk/sample/fulltext/briefs.rss" in names  # the summary-only demo feed
    assert "newsdesk/sample/fulltext/pages/library-reopens.html" in names
    # the installed layout is what styles_path() looks for first
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from newsdesk.ui.app import styles_path; print(styles_path())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    assert out == str(target / "newsdesk" / "styles" / "newsdesk.tcss")
