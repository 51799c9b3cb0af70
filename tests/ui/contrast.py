"""Provides WCAG contrast checks on what the desk paints: the colours of rendered cells.

A cell's colours are read from its segment's Rich style and made truecolor with the app's
ANSI terminal theme (the ANSI themes paint terminal palette colours and "default").
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.strip import Strip

WCAG_AA = 4.5  # normal text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Cell:
    char: str
    foreground: tuple[int, int, int]
    background: tuple[int, int, int]

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)


def cell_of(char: str, style: Style | None, terminal: TerminalTheme) -> Cell:
    style = style or Style()
    fg = (style.color or Color.default()).get_truecolor(terminal, foreground=True)
    bg = (style.bgcolor or Color.default()).get_truecolor(terminal, foreground=False)
    if style.reverse:
        fg, bg = bg, fg
    return Cell(char, tuple(fg), tuple(bg))  # type: ignore[arg-type]


def cells(strip: Strip, terminal: TerminalTheme) -> list[Cell]:
    """One Cell per character of a painted line (the desk's text here is single-width)."""
    return [
        cell_of(char, segment.style, terminal)
        for segment in strip
        if not segment.control
        for char in Segment(segment.text).text
    ]


def visible(found: list[Cell]) -> list[Cell]:
    """The cells that carry a glyph: a space has no contrast to speak of."""
    return [c for c in found if not c.char.isspace()]


def worst(found: list[Cell]) -> float:
    return min(c.ratio for c in visible(found))


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (_channel(v) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_difference(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """CIE76 delta E: how far apart two colours look (about 2 is just noticeable; a band of
    colour a reader must spot at a glance wants 20 or more). WCAG's ratio measures lightness
    only, so it calls a saturated tint on white "no contrast"."""
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second), strict=True)) ** 0.5
