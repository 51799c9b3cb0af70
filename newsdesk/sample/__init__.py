"""Provides the bundled sample desk: feed files written for newsdesk, loaded offline."""
