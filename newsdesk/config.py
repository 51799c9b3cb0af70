"""Provides the TOML settings file as frozen dataclasses.

A bad value never stops the desk: it is reported with the key that holds it and the default
is used instead, so a typo in the config costs a warning, not a morning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class RefreshSettings:
    concurrency: int = 64  # requests in flight (newsdesk.core.refresh.DEFAULT_CONCURRENCY)
    per_host: int = 8  # of which to one host (DEFAULT_PER_HOST)
    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_megabytes: int = 20
    every: float = 0.0  # seconds between the open desk's own refreshes; 0 = never


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    max_per_feed: int = 500
    max_age_days: int = 90


@dataclass(frozen=True, slots=True)
class StorySettings:
    window_hours: float = 72.0  # articles join a story published within this of it


@dataclass(frozen=True, slots=True)
class Config:
    theme: str | None = None
    refresh: RefreshSettings = field(default_factory=RefreshSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    keys: dict[str, str] = field(default_factory=dict)
    strip: dict[str, tuple[str, ...]] = field(default_factory=dict)
    full_text: dict[str, bool] = field(default_factory=dict)
    """`[feeds."URL-glob"] full_text = true`: the feeds whose new items get their full
    article after each refresh, by feed URL glob ("*" for every feed)."""

    def feed_full_text(self, url: str) -> bool:
        """The config's full-text switch for a feed URL: the last matching glob wins."""
        from fnmatch import fnmatchcase

        wanted = False
        for glob, value in self.full_text.items():
            if glob == "*" or fnmatchcase(url, glob):
                wanted = value
        return wanted

    def refresh_options(self) -> dict[str, Any]:
        """Keyword arguments for core.refresh.refresh_feeds, the same for the desk and CLI."""
        from newsdesk.core.retention import RetentionPolicy

        return {
            "concurrency": self.refresh.concurrency,
            "per_host": self.refresh.per_host,
            "deadline": self.refresh.timeout,
            "connect_timeout": self.refresh.connect_timeout,
            "max_bytes": self.refresh.max_megabytes * 1024 * 1024,
            "retention": RetentionPolicy(self.retention.max_per_feed, self.retention.max_age_days),
        }


_LIMITS: dict[str, tuple[float, float]] = {
    "refresh.concurrency": (1, 256),
    "refresh.per_host": (1, 64),
    "refresh.timeout": (1, 600),
    "refresh.connect_timeout": (1, 120),
    "refresh.max_megabytes": (1, 1024),
    "retention.max_per_feed": (1, 1_000_000),
    "retention.max_age_days": (1, 36_500),
    "stories.window_hours": (1, 24 * 30),
}


def load_config(path: Path) -> tuple[Config, list[str]]:
    """The config at `path` (defaults if absent) and a list of problems, each naming its key."""
    if not path.exists():
        return Config(), []
    import tomllib  # here: most desks have no config file, and launching waits on imports

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Config(), [f"{path}: cannot read it ({error}); using defaults."]
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{path}: not valid TOML ({error}); using defaults."]
    problems: list[str] = []
    config = Config()
    known = {"theme", "refresh", "retention", "stories", "keys", "strip", "feeds"}
    for key in raw:
        if key not in known:
            problems.append(f"{path}: unknown key '{key}' ignored.")
    theme = raw.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme:
            config = replace(config, theme=theme)
        else:
            problems.append(f"{path}: theme must be a theme name; using the default.")
    config = replace(config, refresh=_section(path, raw, "refresh", RefreshSettings(), problems))
    config = replace(
        config, retention=_section(path, raw, "retention", RetentionSettings(), problems)
    )
    config = replace(config, stories=_section(path, raw, "stories", StorySettings(), problems))
    config = replace(config, keys=_keys(path, raw.get("keys", {}), problems))
    config = replace(config, strip=_strip(path, raw.get("strip", {}), problems))
    config = replace(config, full_text=_feeds(path, raw.get("feeds", {}), problems))
    return config, problems


_FEED_KEYS = {"full_text"}


def _feeds(path: Path, values: Any, problems: list[str]) -> dict[str, bool]:
    """`[feeds."glob"]` tables: per-feed settings by feed URL glob (full_text for now)."""
    if not isinstance(values, dict):
        problems.append(f'{path}: [feeds] must hold tables like [feeds."URL-glob"]; ignored.')
        return {}
    out: dict[str, bool] = {}
    for glob, settings in values.items():
        if not isinstance(settings, dict):
            problems.append(
                f'{path}: feeds."{glob}" must be a table like [feeds."{glob}"]; ignored.'
            )
            continue
        for key, value in settings.items():
            if key not in _FEED_KEYS:
                problems.append(f"{path}: unknown key 'feeds.\"{glob}\".{key}' ignored.")
            elif not isinstance(value, bool):
                problems.append(
                    f'{path}: feeds."{glob}".full_text must be true or false '
                    f"(got {value!r}); ignored."
                )
            else:
                out[glob] = value
    return out


def _section(path: Path, raw: dict[str, Any], name: str, default: Any, problems: list[str]) -> Any:
    values = raw.get(name, {})
    if not isinstance(values, dict):
        problems.append(f"{path}: [{name}] must be a table; using defaults.")
        return default
    names = {f.name: f for f in fields(default)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        dotted = f"{name}.{key}"
        if key not in names:
            problems.append(f"{path}: unknown key '{dotted}' ignored.")
            continue
        if dotted == "refresh.every":
            seconds = parse_every(value)
            if seconds is None:
                problems.append(
                    f'{path}: refresh.every must be a duration like "15m", "1h" or "90s", '
                    f'from 30s to 7 days, or "off" (got {value!r}); not refreshing on a timer.'
                )
            else:
                changes[key] = seconds
            continue
        want_int = isinstance(getattr(default, key), int)
        low, high = _LIMITS[dotted]
        ok_type = isinstance(value, int) if want_int else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type or not low <= value <= high:
            kind = "a whole number" if want_int else "a number"
            problems.append(
                f"{path}: {dotted} must be {kind} from {low:g} to {high:g} "
                f"(got {value!r}); using {getattr(default, key)}."
            )
            continue
        changes[key] = value if want_int else float(value)
    return replace(default, **changes)


_DURATION = re.compile(r"(\d+)\s*(s|sec|m|min|h|hr|d)", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}
EVERY_LIMITS = (30.0, 7 * 86400.0)


def parse_every(value: Any) -> float | None:
    """Seconds for `[refresh] every`: "90s", "15m", "1h", "1h30m"; "off" (or "") is 0.
    None for anything else, or a duration outside EVERY_LIMITS."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "")
    if text in ("", "off", "never", "0"):
        return 0.0
    seconds, at = 0, 0
    for match in _DURATION.finditer(text):
        if match.start() != at:
            return None
        seconds += int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
        at = match.end()
    if at != len(text) or not EVERY_LIMITS[0] <= seconds <= EVERY_LIMITS[1]:
        return None
    return float(seconds)


def _keys(path: Path, values: Any, problems: list[str]) -> dict[str, str]:
    if not isinstance(values, dict):
        problems.append(f"{path}: [keys] must be a table of binding id = key; ignored.")
        return {}
    out = {}
    for binding_id, keys in values.items():
        if isinstance(keys, str) and keys.strip():
            out[binding_id] = keys.strip()
        else:
            problems.append(f'{path}: keys.{binding_id} must be a key name like "s"; ignored.')
    return out


def _strip(path: Path, values: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(values, dict):
        problems.append(f"{path}: [strip] must be a table of feed glob = [regexes]; ignored.")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for glob, patterns in values.items():
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            problems.append(f'{path}: strip."{glob}" must be a list of regexes; ignored.')
            continue
        good = []
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(f'{path}: strip."{glob}" has a bad regex {pattern!r} ({error}).')
                continue
            good.append(pattern)
        out[glob] = tuple(good)
    return out
