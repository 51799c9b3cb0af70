"""Provides the desk's widgets: feed list, article list, reader, notes sidebar."""
