"""Full garbage collections wait for a quiet keyboard: none come on their own while the desk
is open, the idle timer runs one after a second without input, and closing the desk puts
the interpreter's thresholds back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import newsdesk.ui.gc_policy as policy
from newsdesk.ui.gc_policy import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    monkeypatch.setattr(policy.gc, "collect", lambda generation=2: runs.append(generation) or 0)
    return runs


def test_installed_no_full_collection_comes_on_its_own() -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.install()
    try:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] == policy.NO_AUTOMATIC_FULL
    finally:
        collector.uninstall()
    assert gc.get_threshold() == before


def test_a_full_collection_runs_only_after_a_quiet_second(collections: list[int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    collector.install()
    try:
        clock.now += policy.EVERY_SECONDS
        collector.input_seen()
        clock.now += policy.IDLE_SECONDS / 2
        assert not collector.tick()  # typing: never now
        clock.now += policy.IDLE_SECONDS
        assert collector.tick()
        clock.now += 1
        assert not collector.tick()  # not again until EVERY_SECONDS have passed
        clock.now += policy.EVERY_SECONDS
        assert collector.tick()
    finally:
        collector.uninstall()
    assert collections == [2, 2]


def test_not_installed_it_never_collects(collections: list[int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    clock.now += 1000
    assert not collector.tick()
    assert collections == []


async def test_the_desk_installs_it_and_puts_the_thresholds_back(tmp_path: Path) -> None:
    from newsdesk.desk import open_desk
    from newsdesk.ui.app import NewsdeskApp

    before = gc.get_threshold()
    desk = open_desk(tmp_path / "desk.json")
    app = NewsdeskApp(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == policy.NO_AUTOMATIC_FULL
        seen = app.collector.last_input
        await pilot.press("j")
        assert app.collector.last_input > seen
    desk.close()
    assert gc.get_threshold() == before
