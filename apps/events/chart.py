"""A server-rendered SVG of troop estimates over time, by who made them.

The figures span 1,500 to 100,000, so the vertical axis is logarithmic.
Each series gets a colour and a shape, so the chart reads without colour.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import formats

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
SHAPES = ["circle", "square", "triangle", "diamond"]
SERIES_COUNT = 8


def top_affiliation(actor):
    """The country or organisation an actor ultimately belongs to (affiliations loaded)."""
    seen = set()
    while actor.affiliation_id and actor.pk not in seen:
        seen.add(actor.pk)
        actor = actor.affiliation
    return actor


@dataclass
class Point:
    estimate: object
    x: float
    y: float
    series: int
    href: str

    @property
    def shape(self):
        return SHAPES[self.series % len(SHAPES)]

    @property
    def css_class(self):
        return f"series-{self.series % SERIES_COUNT}"

    @property
    def square_x(self):
        return self.x - 5

    @property
    def square_y(self):
        return self.y - 5

    def _polygon(self, offsets):
        return " ".join(f"{self.x + dx:.1f},{self.y + dy:.1f}" for dx, dy in offsets)

    def triangle(self):
        return self._polygon([(0, -6), (-6, 5), (6, 5)])

    def diamond(self):
        return self._polygon([(0, -7), (-6, 0), (0, 7), (6, 0)])


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    points: list[Point] = field(default_factory=list)
    series: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # index, name, class, shape
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def _month_starts(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def build_chart(estimates) -> Chart | None:
    """Estimates (with ``markers`` and loaded claimant affiliations) → a chart, or None."""
    estimates = [e for e in estimates if e.date]
    if not estimates:
        return None
    chart = Chart()
    first = min(e.date for e in estimates)
    last = max(e.date_last for e in estimates)
    first, last = first - datetime.timedelta(days=7), last + datetime.timedelta(days=7)
    span = max((last - first).days, 1)
    low = 10 ** math.floor(math.log10(min(e.figure for e in estimates)))
    high = max(
        10 ** math.ceil(math.log10(max(e.figure_high or e.figure for e in estimates))), low * 10
    )
    plot_width = chart.plot_right - chart.left
    plot_height = chart.plot_bottom - chart.top

    def x_of(day):
        return chart.left + plot_width * (day - first).days / span

    def y_of(figure):
        fraction = (math.log10(figure) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return chart.plot_bottom - plot_height * fraction

    series_index = {}
    for estimate in estimates:
        group = top_affiliation(estimate.claimant)
        if group.pk not in series_index:
            series_index[group.pk] = len(series_index)
            index = series_index[group.pk]
            chart.series.append(
                (index, group.name, f"series-{index % SERIES_COUNT}", SHAPES[index % len(SHAPES)])
            )
        middle = estimate.date + (estimate.date_last - estimate.date) / 2
        markers = getattr(estimate, "markers", [])
        chart.points.append(
            Point(
                estimate,
                x_of(middle),
                y_of(estimate.figure),
                series_index[group.pk],
                f"#{markers[0].note_id}" if markers else f"#estimate-{estimate.slug}",
            )
        )
    months = list(_month_starts(first, last))
    step = max(1, math.ceil(len(months) / 8))
    chart.x_ticks = [
        Tick(x_of(month), formats.date_format(month, "YEAR_MONTH_FORMAT"))
        for month in months[::step]
    ]
    value = low
    while value <= high:
        chart.y_ticks.append(Tick(y_of(value), formats.number_format(value, force_grouping=True)))
        value *= 10
    return chart
