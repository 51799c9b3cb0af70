"""Provides the domain core: models, parsing, fetching, rendering; no textual, no tinydb."""
