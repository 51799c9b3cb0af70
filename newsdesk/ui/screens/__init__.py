"""Provides the desk screen and its modals."""
