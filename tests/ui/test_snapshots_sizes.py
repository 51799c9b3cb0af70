"""Snapshots of the desk at everyday terminal sizes and in a light theme."""

from __future__ import annotations

from uikit import make_app


def test_desk_reading_at_80x24_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["j", "enter"], terminal_size=(80, 24))


def test_desk_reading_at_100x30_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["j", "enter"], terminal_size=(100, 30))


def test_desk_reading_at_60x20_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["j", "enter"], terminal_size=(60, 20))


def test_feed_list_over_the_reader_at_80x24_snapshot(sample_store, snap_compare):
    assert snap_compare(make_app(sample_store), press=["j", "enter", "f"], terminal_size=(80, 24))


def test_light_theme_desk_at_100x30_snapshot(sample_store, snap_compare):
    sample_store.set_setting("theme", "textual-light")
    assert snap_compare(make_app(sample_store), press=["j", "enter"], terminal_size=(100, 30))
