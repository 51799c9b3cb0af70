"""A hang-up saves the desk before the quit starts, and a quit that hangs on a dead terminal
still ends the process once the desk is safe, unless the run ended first."""

from __future__ import annotations

import threading

import pytest

from newsdesk.ui import hangup


class Exits(list[int]):
    """The statuses os._exit was called with; `called` is set at the first."""

    def __init__(self) -> None:
        super().__init__()
        self.called = threading.Event()

    def __call__(self, status: int) -> None:
        self.append(status)
        self.called.set()


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> Exits:
    fake = Exits()
    monkeypatch.setattr(hangup.os, "_exit", fake)
    return fake


def test_the_desk_is_saved_before_the_quit_and_a_hung_quit_still_ends(
    exits: Exits, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hangup, "EXIT_GRACE", 0.01)
    calls: list[str] = []
    hangup.hang_up(lambda: calls.append("save"), lambda: calls.append("quit"), 129)
    assert calls == ["save", "quit"]
    assert exits.called.wait(5)
    assert exits == [129]


def test_a_run_that_ended_stands_the_watchdog_down(exits: Exits) -> None:
    thread = hangup.exit_later(5.0, 143)
    hangup.cancel_exit()
    thread.join(5)
    assert not thread.is_alive()
    assert exits == []


def test_a_failed_save_does_not_stop_the_quit(exits: Exits) -> None:
    def broken() -> None:
        raise OSError("disk full")

    quits: list[bool] = []
    hangup.hang_up(broken, lambda: quits.append(True), 129)
    hangup.cancel_exit()
    assert quits == [True]
    assert exits == []
