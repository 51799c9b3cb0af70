"""`newsdesk` with no command: the garbage collector waits out start-up and resumes once the
first frame is painted (with start-up's objects frozen out of its walks), or when the app
ends without painting; threads switch more often until then (the frame's writer thread)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.cli import START_SWITCH_INTERVAL, main
from newsdesk.store import open_store
from newsdesk.ui.app import NewsdeskApp


@pytest.fixture
def desk_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "desk.json"
    open_store(path).close()
    yield path
    gc.unfreeze()  # what the launch froze belongs to this test only
    gc.enable()


def test_collection_waits_for_the_first_frame_then_resumes(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def run(app: NewsdeskApp) -> None:  # instead of a terminal: the first frame at once
        seen["collecting during start-up"] = gc.isenabled()
        seen["switch interval during start-up"] = sys.getswitchinterval()
        assert app.first_frame is not None
        app.first_frame()
        seen["collecting after the first frame"] = gc.isenabled()
        seen["switch interval after the first frame"] = sys.getswitchinterval()
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(NewsdeskApp, "run", run)
    gc.enable()
    usual = sys.getswitchinterval()
    assert main(["--db", str(desk_path)]) == 0
    assert seen["collecting during start-up"] is False
    assert seen["collecting after the first frame"] is True
    assert seen["switch interval during start-up"] == pytest.approx(START_SWITCH_INTERVAL)
    assert seen["switch interval after the first frame"] == pytest.approx(usual)
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 0
    assert gc.isenabled()


def test_an_app_that_never_paints_leaves_collection_on(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NewsdeskApp, "run", lambda app: None)
    gc.enable()
    usual = sys.getswitchinterval()
    main(["--db", str(desk_path)])
    assert gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(usual)


async def test_the_app_calls_first_frame_once_after_painting(tmp_path: Path) -> None:
    from newsdesk.desk import Desk

    store = open_store(tmp_path / "desk.json")
    calls: list[bool] = []
    app = NewsdeskApp(Desk(store), first_frame=lambda: calls.append(True))
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            await pilot.pause()
    finally:
        store.close()
    assert calls == [True]


def test_the_entry_point_leaves_collection_as_it_found_it(
    desk_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.__main__ import main as entry_point

    monkeypatch.setattr(sys, "argv", ["newsdesk", "--db", str(desk_path), "stats"])
    gc.enable()
    with pytest.raises(SystemExit) as exit_info:
        entry_point()
    assert exit_info.value.code == 0
    assert gc.isenabled()
