"""Provides ThemedStyles: component-class styles with solid colours for the cells they paint.

Textual's partial component styles give Rich an `auto` colour ($text, $text-muted) as plain
white and drop alpha, so on a light theme unread titles came out white on light grey. Here
an `auto` colour is resolved against the background it is painted on (the component's own,
else the row's or the widget's) and alpha is blended over that background, the way Textual
resolves a widget's own colours. Styles are cached per widget until its styles change
(focus, theme), when Textual calls `notify_style_update`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import BLACK, WHITE, Color

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object

ANSI_DEFAULT = Color.parse("ansi_default")


def luminance(colour: Color) -> float:
    """WCAG relative luminance."""
    channels = [c / 255 for c in colour.rgb]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: Color, second: Color) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def solid(colour: Color, background: Color, auto: bool = False) -> Color:
    """`colour` as painted on `background`. Auto takes whichever of near-black and
    near-white contrasts more by WCAG's measure (Textual's pick, by perceived brightness,
    puts white on mid-tone violets and blues where black reads better)."""
    if auto or colour.auto:
        if background.ansi is not None:  # the terminal's own palette: its own text colour
            return ANSI_DEFAULT
        candidates = [background + base.with_alpha(colour.a) for base in (WHITE, BLACK)]
        return max(candidates, key=lambda candidate: contrast(candidate, background))
    return background + colour


def legible(colour: Color, background: Color, least: float = 3.0) -> Color:
    """`colour`, stepped towards black or white (whichever the background is further from)
    until it reads at `least`:1 on `background` (3:1 is WCAG's figure for marks): the ★ in
    the theme's warning shade read at 3:1 on a light list and at 2.3:1 on its cursor row.
    Terminal palette colours are the terminal's to set: left as they are."""
    if colour.ansi is not None or background.ansi is not None:
        return colour
    if contrast(colour, background) >= least:
        return colour
    target = BLACK if luminance(background) > 0.18 else WHITE
    for step in range(1, 11):
        stepped = colour.blend(target, step / 10)
        if contrast(stepped, background) >= least:
            return stepped
    return target


class ThemedStyles(_Base):
    """Mixed into widgets that paint component styles themselves (line API renderers)."""

    _pass_style: Style | None = None  # rich_style, while render_lines paints a pass

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    @property
    def line_style(self) -> Style:
        """The widget's rich_style, worked out once per pass of render_lines: it walks the
        styles of every ancestor, and a pass paints up to a screenful of lines."""
        style = self._pass_style
        return style if style is not None else self.rich_style

    def themed(
        self, name: str, under: Color | None = None, least: float = 0.0
    ) -> tuple[Style, Color]:
        """The Rich style of component `name` painted over `under` (default: the widget's
        background), and the background colour its text ends up on; with `least`, its
        colour reads at that contrast there at least (see `legible`)."""
        cache: dict[tuple[str, Color | None, float], tuple[Style, Color]]
        cache = self.__dict__.setdefault("_themed_cache", {})
        key = (name, under, least)
        if key not in cache:
            styles = self.get_component_styles(name)
            background = under if under is not None else self.background_colors[1]
            own_background = styles.has_rule("background") and styles.background.a > 0
            if own_background:
                background = background + styles.background
            auto = styles.has_rule("auto_color") and styles.auto_color
            colour = solid(styles.color, background, auto) if styles.has_rule("color") else None
            if colour is not None and least:
                colour = legible(colour, background, least)
            style = Style(
                color=colour.rich_color if colour is not None else None,
                bgcolor=background.rich_color if own_background else None,
            )
            cache[key] = (style + styles.text_style, background)
        return cache[key]

    def themed_style(self, name: str, under: Color | None = None, least: float = 0.0) -> Style:
        return self.themed(name, under, least)[0]

    def notify_style_update(self) -> None:
        self.__dict__.pop("_themed_cache", None)
        super().notify_style_update()
