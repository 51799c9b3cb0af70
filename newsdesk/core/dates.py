"""Provides feed date parsing: every result is a tz-aware UTC datetime, whole seconds.

The two shapes nearly every feed uses (RFC 822 and W3C/ISO 8601) are parsed here; anything
else goes to feedparser's date handlers, so both parse paths read every date the same way.
"""

from __future__ import annotations

import re
from calendar import timegm
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?"
    r"\s*(GMT|UTC?|Z|[+-]\d{4})"
)
_W3C = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})"
)


def parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        quick = _quick(text)
    except (ValueError, OverflowError):
        quick = None
    if quick is not None:
        return quick
    from feedparser.datetimes import _parse_date  # rare shapes only: keeps startup light

    return from_struct(_parse_date(text))


def from_struct(value: Any) -> datetime | None:
    """A feedparser struct_time (always UTC) as a datetime."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _quick(text: str) -> datetime | None:
    match = _RFC822.fullmatch(text)
    if match:
        day, month, year, hour, minute, second, zone = match.groups()
        number = _MONTHS.get(month.lower())
        if number is None:
            return None
        local = datetime(int(year), number, int(day), int(hour), int(minute), int(second or 0))
        return _shift(local, zone.replace(":", ""))
    match = _W3C.fullmatch(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        return _shift(local, zone.replace(":", ""))
    return None


def _shift(local: datetime, zone: str) -> datetime:
    if zone in ("GMT", "UT", "UTC", "Z"):
        return local.replace(tzinfo=UTC)
    sign = -1 if zone[0] == "-" else 1
    offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    return local.replace(tzinfo=timezone(offset)).astimezone(UTC)


def iso_date(value: Any) -> datetime | None:
    """JSON Feed dates (RFC 3339); naive ones are taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)
