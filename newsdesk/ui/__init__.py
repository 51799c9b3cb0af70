"""Provides the Textual desk; it reaches data only through the store and core APIs."""
