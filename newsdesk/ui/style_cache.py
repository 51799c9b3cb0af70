"""Provides CachedStylesheet: the desk's parsed styles kept on disk between launches.

Textual parses every stylesheet on each start. For styles/newsdesk.tcss that was ~8 ms of
the ~190 ms to the first frame, every launch, for the same result. The parsed rules depend
only on the CSS text, where it came from and the theme's variables, so they are pickled
under a digest of those and of Textual's and Python's versions. A file that cannot be read
back is parsed again and replaced: the cache is never needed to run, and a stylesheet with
errors is never kept (Textual reports those from the parse, as before).

The folder is the user's own cache folder, written only by newsdesk: what is read back from
it is trusted as the installed code is (pickle runs what it loads). Nothing from a feed or a
page ever goes into it.

Textual is pinned (pyproject.toml): this leans on Stylesheet's `_parse_rules` and the
fields `reparse` fills, which tests/ui/test_style_cache.py checks against a plain parse.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

SMALLEST = 250  # characters: a smaller source parses in less time than its file takes to read
KEEP = 64  # files: a theme's sources take ~7, so a few themes and releases fit


def _textual_build() -> tuple[int, int]:
    """Stands for Textual's version in the digest: reading the version from its metadata
    costs more than the parse saved, and installing any release rewrites this file."""
    import textual.css.model

    stat = os.stat(textual.css.model.__file__)
    return stat.st_mtime_ns, stat.st_size


_TEXTUAL = _textual_build()


class CachedStylesheet(Stylesheet):
    """A Stylesheet that reads its larger sources' rules from `folder` when it can."""

    def __init__(self, folder: Path, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.folder = folder
        self.parsed = 0  # sources parsed here rather than read back (for tests and benches)

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        if len(css) < SMALLEST or key in self._parse_cache:
            return super()._parse_rules(*key)
        path = self.folder / f"{self._digest(key)}.rules"
        rules = _read(path)
        if rules is not None:
            self._parse_cache[key] = rules
            return rules
        rules = super()._parse_rules(*key)
        self.parsed += 1
        if not any(rule.errors for rule in rules):
            _write(path, rules, self.folder)
        return rules

    def _digest(self, key: tuple[Any, ...]) -> str:
        """64 bits from two checksums (zlib is loaded by then; hashlib is not, and would
        cost more than this saves)."""
        made_from = repr((_TEXTUAL, sys.version, key, sorted(self._variables.items())))
        data = made_from.encode()
        return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"

    def reparse(self) -> None:
        """Parse every source again (a theme's new variables): through this class, where
        Textual's own makes a plain Stylesheet to parse in, which would skip the cache."""
        fresh = CachedStylesheet(self.folder, variables=self._variables)
        fresh.source = dict(self.source)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)  # as Textual's: not parsed again
            raise
        self.parsed += fresh.parsed
        self._parse_cache = fresh._parse_cache  # the next source added parses only itself
        self._rules = fresh.rules
        self._rules_map = None
        self._require_parse = False


def _read(path: Path) -> list[RuleSet] | None:
    """The rules in `path`, or None when it is missing or not a list of rule sets (a
    half-written file from a crash, another version's objects)."""
    try:
        with path.open("rb") as file:
            rules = pickle.load(file)
    except Exception:
        return None
    if not isinstance(rules, list) or not all(isinstance(r, RuleSet) for r in rules):
        return None
    return rules


def _write(path: Path, rules: list[RuleSet], folder: Path) -> None:
    """Keep `rules` for the next launch; a folder that cannot be written costs nothing but
    the next launch's parse."""
    try:
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a rule a later Textual makes that pickle cannot take: parsed each time
        return
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
        _prune(folder)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()


def _prune(folder: Path) -> None:
    """Drop all but the KEEP newest files (themes tried once, older releases' rules)."""
    kept = sorted(folder.glob("*.rules"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in kept[KEEP:]:
        with contextlib.suppress(OSError):
            stale.unlink()
