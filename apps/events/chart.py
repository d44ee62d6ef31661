"""A server-rendered SVG of troop estimates over time, by who made them.

The figures span 1,500 to 100,000, so the vertical axis is logarithmic. Each
series gets a colour and a shape, so the chart reads without colour. The marks,
grid, legend and table rows are written here (see ``apps.core.html``): the page
may hold hundreds of them, and a template loop over them costs more than the
rest of the chart.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.safestring import SafeString

from apps.claims.models import ClaimRank, ClaimStatus
from apps.core.dates import FuzzyDate
from apps.core.fragments import time_element
from apps.core.html import choice_labels, esc, safe
from apps.core.links import slug_urls

from .models import EstimateScope, Qualifier, estimate_url, qualified_figure

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
PLOT_RIGHT, PLOT_BOTTOM = WIDTH - RIGHT, HEIGHT - BOTTOM
SHAPES = ["circle", "square", "triangle", "diamond"]
SERIES_COUNT = 8
_OFFSETS = {
    "triangle": [(0, -1), (-1, 0.85), (1, 0.85)],
    "diamond": [(0, -1.15), (-1, 0), (0, 1.15), (1, 0)],
}


def mark_svg(shape: str, x: float, y: float, size: float = 6) -> str:
    """One SVG mark centred on (x, y)."""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size}"/>'
    if shape == "square":
        side = size * 5 / 3
        return (
            f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" '
            f'width="{side:.1f}" height="{side:.1f}"/>'
        )
    points = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in _OFFSETS[shape])
    return f'<polygon points="{points}"/>'


@dataclass(slots=True)
class ChartSource:
    slug: str
    work: str
    published_on: datetime.date


@dataclass(slots=True)
class ChartEstimate:
    """What the chart shows of a troop estimate: read as plain rows, dozens at a time."""

    slug: str
    event_slug: str | None
    fuzzy_date: FuzzyDate
    date_last: datetime.date
    figure: int
    figure_high: int | None
    qualifier: str
    scope: str
    claim_status: str
    claim_rank: str
    claimant_name: str
    series: tuple[int, str]  # the claimant's root actor, or itself (top_from_columns)
    sources: list[ChartSource]

    @property
    def date(self) -> datetime.date:
        return self.fuzzy_date.start

    def get_absolute_url(self) -> str:
        return estimate_url(self.slug, self.event_slug)


@dataclass
class Chart:
    """What the chart template places: SVG and table markup, and the number of estimates."""

    grid: SafeString
    marks: SafeString
    legend: SafeString
    rows: SafeString
    count: int
    width: int = WIDTH
    height: int = HEIGHT


def _month_starts(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


class _Scale:
    """Dates to x (linear) and figures to y (logarithmic), with a margin of a week."""

    def __init__(self, estimates):
        self.first = min(e.date for e in estimates) - datetime.timedelta(days=7)
        self.last = max(e.date_last for e in estimates) + datetime.timedelta(days=7)
        self.span = max((self.last - self.first).days, 1)
        self.low = 10 ** math.floor(math.log10(min(e.figure for e in estimates)))
        top_figure = max(e.figure_high or e.figure for e in estimates)
        self.high = max(10 ** math.ceil(math.log10(top_figure)), self.low * 10)

    def x(self, day) -> float:
        return LEFT + (PLOT_RIGHT - LEFT) * (day - self.first).days / self.span

    def y(self, figure) -> float:
        log_low = math.log10(self.low)
        fraction = (math.log10(figure) - log_low) / (math.log10(self.high) - log_low)
        return PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * fraction


def _grid(scale: _Scale) -> str:
    lines = []
    value = scale.low
    while value <= scale.high:
        y = f"{scale.y(value):.1f}"
        label = esc(formats.number_format(value, force_grouping=True))
        lines.append(
            f'<line class="grid" x1="{LEFT}" x2="{PLOT_RIGHT}" y1="{y}" y2="{y}"/>'
            f'<text class="tick y-tick" x="{LEFT - 6}" y="{y}">{label}</text>'
        )
        value *= 10
    months = list(_month_starts(scale.first, scale.last))
    for month in months[:: max(1, math.ceil(len(months) / 8))]:
        x = f"{scale.x(month):.1f}"
        label = esc(formats.date_format(month, "YEAR_MONTH_FORMAT"))
        lines.append(
            f'<line class="grid" x1="{x}" x2="{x}" y1="{TOP}" y2="{PLOT_BOTTOM}"/>'
            f'<text class="tick x-tick" x="{x}" y="{PLOT_BOTTOM + 18}">{label}</text>'
        )
    lines.append(
        f'<line class="axis" x1="{LEFT}" x2="{PLOT_RIGHT}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM}"/>'
        f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{PLOT_BOTTOM}"/>'
    )
    return "\n".join(lines)


def build_chart(estimates: list[ChartEstimate]) -> Chart | None:
    """Estimates in date order → a chart, or None.

    Each mark and table row links to the page of the source it cites.
    """
    if not estimates:
        return None
    scale = _Scale(estimates)
    superseded_label = str(ClaimRank.SUPERSEDED.label)
    qualifiers, scopes = choice_labels(Qualifier), choice_labels(EstimateScope)
    statuses, source_url = choice_labels(ClaimStatus), slug_urls("sources:detail")
    series_of, legend, marks, rows = {}, [], [], []
    for estimate in estimates:
        group_pk, group_name = estimate.series
        if group_pk not in series_of:
            index = len(series_of)
            series_of[group_pk] = (SHAPES[index % len(SHAPES)], f"series-{index % SERIES_COUNT}")
            shape, css_class = series_of[group_pk]
            legend.append(
                f'<li><svg viewBox="0 0 14 14" class="legend-mark {css_class}" aria-hidden="true">'
                f'{mark_svg(shape, 7, 7, 6)}</svg> <span lang="ja">{esc(group_name)}</span></li>'
            )
        shape, css_class = series_of[group_pk]
        fuzzy = estimate.fuzzy_date
        date, figure = str(fuzzy), qualified_figure(estimate, qualifiers)
        scope = scopes.get(estimate.scope, estimate.scope)
        status = statuses.get(estimate.claim_status, estimate.claim_status)
        superseded = estimate.claim_rank == ClaimRank.SUPERSEDED
        if superseded:
            status = f"{status}, {superseded_label}"
            css_class += " superseded"
        sources = estimate.sources
        href = source_url(sources[0].slug) if sources else estimate.get_absolute_url()
        middle = estimate.date + (estimate.date_last - estimate.date) / 2
        title = f"{date}: {figure} — {estimate.claimant_name} ({scope}; {status})"
        marks.append(
            f'<a href="{esc(href)}" class="point {css_class}"><title>{esc(title)}</title>'
            f"{mark_svg(shape, scale.x(middle), scale.y(estimate.figure))}</a>"
        )
        links = "、".join(
            f'<a href="{esc(source_url(s.slug))}">{esc(s.work)} {s.published_on.isoformat()}</a>'
            for s in sources
        )
        row_class = ' class="superseded"' if superseded else ""
        rows.append(
            f"<tr{row_class}>"
            f"<td>{time_element(fuzzy)}</td>"
            f'<td lang="ja">{esc(estimate.claimant_name)}</td><td class="number">{esc(figure)}</td>'
            f"<td>{esc(scope)}</td><td>{esc(status)}</td><td>{links}</td></tr>"
        )
    return Chart(
        grid=safe(_grid(scale)),
        marks=safe("\n".join(marks)),
        legend=safe(*legend),
        rows=safe("\n".join(rows)),
        count=len(rows),
    )
