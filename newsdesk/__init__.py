"""Provides newsdesk: a keyboard-driven terminal news desk with highlights and notes."""

__version__ = "0.1.0"
