"""Provides plural: counts in messages and exports read right (`1 feed`, `2 feeds`)."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """`n` and `noun`, with an `s` unless `n` is 1 (every noun newsdesk counts takes one)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
