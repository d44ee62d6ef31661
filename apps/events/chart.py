"""A server-rendered SVG of troop estimates over time, by who made them.

The figures span 1,500 to 100,000, so the vertical axis is logarithmic. Each
series gets a colour and a shape, so the chart reads without colour. Marks and
table cells are prepared here as strings: the page may hold hundreds of them.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from apps.claims.models import ClaimRank, ClaimStatus

from .models import EstimateScope, Qualifier

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
SHAPES = ["circle", "square", "triangle", "diamond"]
SERIES_COUNT = 8


def mark_svg(shape: str, x: float, y: float, size: float = 6) -> SafeString:
    """One SVG mark centred on (x, y)."""
    if shape == "circle":
        return format_html('<circle cx="{}" cy="{}" r="{}"/>', f"{x:.1f}", f"{y:.1f}", size)
    if shape == "square":
        side = size * 5 / 3
        corner_x, corner_y = f"{x - side / 2:.1f}", f"{y - side / 2:.1f}"
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}"/>',
            corner_x,
            corner_y,
            f"{side:.1f}",
            f"{side:.1f}",
        )
    offsets = {
        "triangle": [(0, -1), (-1, 0.85), (1, 0.85)],
        "diamond": [(0, -1.15), (-1, 0), (0, 1.15), (1, 0)],
    }[shape]
    points = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in offsets)
    return format_html('<polygon points="{}"/>', points)


@dataclass
class Point:
    href: str
    css_class: str
    title: str
    mark: SafeString


@dataclass
class Series:
    name: str
    css_class: str
    mark: SafeString


@dataclass
class Tick:
    position: str
    label: str


@dataclass
class Row:
    date_iso: str
    date: str
    claimant: str
    figure: str
    scope: str
    status: str
    superseded: bool
    sources: SafeString


@dataclass
class Chart:
    points: list[Point] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def y_label_x(self):
        return self.left - 6

    @property
    def x_label_y(self):
        return self.plot_bottom + 18


def _month_starts(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def figure_text(estimate, qualifiers=None) -> str:
    qualifiers = qualifiers or {}
    if estimate.qualifier == "none":
        return estimate.figure_display
    label = qualifiers.get(estimate.qualifier) or estimate.get_qualifier_display()
    return f"{label} {estimate.figure_display}"


def build_chart(estimates) -> Chart | None:
    """Estimates (citations and claimant affiliations loaded) → a chart, or None.

    Each mark and table row links to the page of the source it cites.
    """
    estimates = [e for e in estimates if e.date]
    if not estimates:
        return None
    chart = Chart()
    first = min(e.date for e in estimates) - datetime.timedelta(days=7)
    last = max(e.date_last for e in estimates) + datetime.timedelta(days=7)
    span = max((last - first).days, 1)
    low = 10 ** math.floor(math.log10(min(e.figure for e in estimates)))
    top_figure = max(e.figure_high or e.figure for e in estimates)
    high = max(10 ** math.ceil(math.log10(top_figure)), low * 10)
    plot_width = chart.plot_right - chart.left
    plot_height = chart.plot_bottom - chart.top

    def x_of(day):
        return chart.left + plot_width * (day - first).days / span

    def y_of(figure):
        fraction = (math.log10(figure) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return chart.plot_bottom - plot_height * fraction

    # Choice labels looked up once: get_FOO_display() is slow hundreds of times over.
    qualifiers = {value: str(label) for value, label in Qualifier.choices}
    scopes = {value: str(label) for value, label in EstimateScope.choices}
    statuses = {value: str(label) for value, label in ClaimStatus.choices}
    superseded_label = str(ClaimRank.SUPERSEDED.label)
    series_of = {}
    for estimate in estimates:
        group = estimate.claimant.root()
        if group.pk not in series_of:
            index = len(series_of)
            shape, css_class = SHAPES[index % len(SHAPES)], f"series-{index % SERIES_COUNT}"
            series_of[group.pk] = (shape, css_class)
            chart.series.append(Series(group.name, css_class, mark_svg(shape, 7, 7, 6)))
        shape, css_class = series_of[group.pk]
        date = str(estimate.fuzzy_date)
        figure = figure_text(estimate, qualifiers)
        scope = scopes.get(estimate.scope, estimate.scope)
        citations = [c.source for c in estimate.citation_list]
        middle = estimate.date + (estimate.date_last - estimate.date) / 2
        status = statuses.get(estimate.claim_status, estimate.claim_status)
        superseded = estimate.is_superseded
        if superseded:
            status = f"{status}, {superseded_label}"
        chart.points.append(
            Point(
                href=citations[0].get_absolute_url() if citations else estimate.get_absolute_url(),
                css_class=f"{css_class} superseded" if superseded else css_class,
                title=f"{date}: {figure} — {estimate.claimant.name} ({scope}; {status})",
                mark=mark_svg(shape, x_of(middle), y_of(estimate.figure)),
            )
        )
        sources = format_html_join(
            "、",
            '<a href="{}">{} {}</a>',
            ((c.get_absolute_url(), c.work, c.published_on.isoformat()) for c in citations),
        )
        chart.rows.append(
            Row(
                estimate.fuzzy_date.isoformat(),
                date,
                estimate.claimant.name,
                figure,
                scope,
                status,
                superseded,
                sources,
            )
        )
    months = list(_month_starts(first, last))
    step = max(1, math.ceil(len(months) / 8))
    chart.x_ticks = [
        Tick(f"{x_of(month):.1f}", formats.date_format(month, "YEAR_MONTH_FORMAT"))
        for month in months[::step]
    ]
    value = low
    while value <= high:
        chart.y_ticks.append(
            Tick(f"{y_of(value):.1f}", formats.number_format(value, force_grouping=True))
        )
        value *= 10
    return chart
