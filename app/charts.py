"""Geometry for the dashboard's server-rendered SVG charts; the templates draw them.

No styles here: colours come from CSS classes that follow Pico's variables (and so dark mode),
and sizes are SVG presentation attributes, which the Content-Security-Policy allows.
"""

from dataclasses import dataclass

RATING_MIN, RATING_MAX = 1, 5


@dataclass(frozen=True)
class LinePoint:
    """One point of a line chart, where it is drawn and what it says."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    """An axis tick: where, and its text."""

    position: float
    text: str


@dataclass(frozen=True)
class LineChart:
    """A line chart's drawing: size, points, the polyline and the axis ticks."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[LinePoint, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]

    @property
    def polyline(self) -> str:
        """The `points` attribute of the SVG polyline."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def rating_line_chart(
    values: list[tuple[str, float]], width: int = 400, height: int = 200
) -> LineChart:
    """Lay out (label, rating 1-5) pairs left to right, evenly spaced; label the first and last."""
    left, right, top, bottom = 28, 12, 12, 26
    plot_width, plot_height = width - left - right, height - top - bottom

    def y_of(value: float) -> float:
        """The y coordinate of a rating (5 at the top)."""
        return top + plot_height * (RATING_MAX - value) / (RATING_MAX - RATING_MIN)

    step = plot_width / (len(values) - 1) if len(values) > 1 else 0
    points = tuple(
        LinePoint(
            x=left + (index * step if len(values) > 1 else plot_width / 2),
            y=y_of(value),
            label=label,
        )
        for index, (label, value) in enumerate(values)
    )
    y_ticks = tuple(Tick(y_of(v), str(v)) for v in range(RATING_MIN, RATING_MAX + 1))
    x_ticks = ()
    if points:
        x_ticks = (Tick(points[0].x, points[0].label),)
        if len(points) > 1:
            x_ticks += (Tick(points[-1].x, points[-1].label),)
    return LineChart(width, height, left, right, top, bottom, points, y_ticks, x_ticks)


@dataclass(frozen=True)
class Segment:
    """A piece of a horizontal bar: where it starts, how wide, and its CSS class."""

    x: float
    width: float
    css_class: str


def bar_segments(parts: list[tuple[str, int]], scale_max: int) -> list[Segment]:
    """Stack (css class, value) parts into a bar on a 0-100 scale where 100 is `scale_max`."""
    segments, x = [], 0.0
    for css_class, value in parts:
        width = 100 * value / scale_max if scale_max else 0
        if value:
            segments.append(Segment(x, width, css_class))
        x += width
    return segments
