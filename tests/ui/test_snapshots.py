"""Snapshot tests of the main screens on the sample desk at a fixed size and clock."""

from __future__ import annotations

from uikit import SIZE, make_app


def test_main_desk_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), terminal_size=SIZE)


def test_reader_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["j", "enter"], terminal_size=SIZE)


def test_help_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["question_mark"], terminal_size=SIZE)
