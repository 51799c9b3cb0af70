"""Provides the desk layer: every user action, called alike by the CLI and the screens."""

from newsdesk.desk.desk import Desk, open_desk

__all__ = ["Desk", "open_desk"]
