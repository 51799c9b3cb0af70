"""Provides the domain core: models, parsing, fetching, rendering. Never imports textual or tinydb."""
