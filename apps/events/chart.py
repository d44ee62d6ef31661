"""The chart of troop estimates over time, by who made them: scales and positions.

Troop figures differ by orders of magnitude (a unit, a corps, a whole deployment), so
the vertical axis is logarithmic. Each series gets a colour and a shape, so the chart
reads without colour. This module
computes where everything goes; the SVG is the ``chart`` macro of
``events/components.html``.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils import formats

from apps.claims.models import ClaimRank, ClaimStatus
from apps.core.choices import choice_labels
from apps.core.dates import FuzzyDate
from apps.core.links import slug_urls
from apps.core.rows import Link

from .models import DEPLOYMENT_SCOPES, EstimateScope, Qualifier, estimate_url, qualified_figure

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
PLOT_RIGHT, PLOT_BOTTOM = WIDTH - RIGHT, HEIGHT - BOTTOM
Y_LABEL_GAP, X_LABEL_DROP = 6, 18  # a figure's label left of the axis, a month's below it
# A mark's tap target, in the chart's units: 28 across is 24 CSS pixels or more at the
# smallest width the chart is drawn at (640 px for 720 units, static/css/site.css).
HIT_RADIUS = 14
MONTH_TICKS = 8  # at most: more would overlap at this width
SHAPES = ["circle", "square", "triangle", "diamond"]
SERIES_COUNT = 8  # the colours .series-0 to .series-7 of static/css/site.css
_OFFSETS = {
    "triangle": [(0, -1), (-1, 0.85), (1, 0.85)],
    "diamond": [(0, -1.15), (-1, 0), (0, 1.15), (1, 0)],
}


@dataclass(slots=True, frozen=True)
class Shape:
    """A mark centred on (x, y): a circle of radius ``size``, or a square or polygon as big."""

    kind: str  # one of SHAPES
    x: float
    y: float
    size: int = 6

    @property
    def side(self) -> float:
        return self.size * 5 / 3

    @property
    def left(self) -> float:
        return self.x - self.side / 2

    @property
    def top(self) -> float:
        return self.y - self.side / 2

    @property
    def points(self) -> list[tuple[float, float]]:
        return [
            (self.x + dx * self.size, self.y + dy * self.size) for dx, dy in _OFFSETS[self.kind]
        ]


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


@dataclass(slots=True, frozen=True)
class Tick:
    position: float  # y of a figure, or x of a month
    label: str


@dataclass(slots=True, frozen=True)
class Band:
    """The vertical bar of a range or a vague figure (数百: 100 to 999), at ``x``."""

    x: float
    top: float  # y of the upper figure
    bottom: float  # y of the lower figure


@dataclass(slots=True, frozen=True)
class Mark:
    shape: Shape
    css_class: str
    href: str  # the source it cites, else the estimate
    title: str
    band: Band | None = None  # for a range, from its lower to its upper figure


@dataclass(slots=True, frozen=True)
class LegendItem:
    shape: Shape
    css_class: str
    name: str


@dataclass(slots=True, frozen=True)
class TableRow:
    """A row of the chart's data table."""

    date: FuzzyDate
    claimant: str
    figure: str
    scope: str
    status: str
    sources: tuple[Link, ...]
    superseded: bool


@dataclass(slots=True, frozen=True)
class Chart:
    """Everything the chart macro places; hashable, so that its markup is rendered once
    for every page of the same filters (``memo``)."""

    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    legend: tuple[LegendItem, ...]
    rows: tuple[TableRow, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_right: int = PLOT_RIGHT
    plot_bottom: int = PLOT_BOTTOM
    hit_radius: int = HIT_RADIUS

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def y_label_x(self) -> int:
        return self.left - Y_LABEL_GAP

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + X_LABEL_DROP


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

    def y_ticks(self) -> tuple[Tick, ...]:
        ticks, value = [], self.low
        while value <= self.high:
            ticks.append(Tick(self.y(value), formats.number_format(value, force_grouping=True)))
            value *= 10
        return tuple(ticks)

    def x_ticks(self) -> tuple[Tick, ...]:
        months = list(_month_starts(self.first, self.last))
        return tuple(
            Tick(self.x(month), formats.date_format(month, "YEAR_MONTH_FORMAT"))
            for month in months[:: max(1, math.ceil(len(months) / MONTH_TICKS))]
        )


def build_chart(estimates: list[ChartEstimate]) -> Chart | None:
    """Estimates in date order → a chart, or None.

    Each mark and table row links to the page of the source it cites. The marks show the
    size of the deployment; soldiers killed or captured are rows of the table only (a
    handful on a scale of tens of thousands would say nothing). A range or a vague figure
    is a mark at its lower figure with a bar up to its upper one.
    """
    if not estimates:
        return None
    plotted = [e for e in estimates if e.scope in DEPLOYMENT_SCOPES]
    scale = _Scale(plotted or estimates)  # no mark at all: the axes of the table's figures
    superseded_label = str(ClaimRank.SUPERSEDED.label)
    qualifiers, scopes = choice_labels(Qualifier), choice_labels(EstimateScope)
    statuses, source_url = choice_labels(ClaimStatus), slug_urls("sources:detail")
    series_of, legend, marks, rows = {}, [], [], []
    for estimate in estimates:
        group_pk, group_name = estimate.series
        plotted_here = estimate.scope in DEPLOYMENT_SCOPES
        if group_pk not in series_of and plotted_here:  # the legend names marks only
            index = len(series_of)
            series_of[group_pk] = (SHAPES[index % len(SHAPES)], f"series-{index % SERIES_COUNT}")
            shape, css_class = series_of[group_pk]
            legend.append(LegendItem(Shape(shape, 7, 7), css_class, group_name))
        shape, css_class = series_of.get(group_pk, (SHAPES[0], ""))
        fuzzy = estimate.fuzzy_date
        figure = qualified_figure(estimate, qualifiers)
        scope = scopes.get(estimate.scope, estimate.scope)
        status = statuses.get(estimate.claim_status, estimate.claim_status)
        superseded = estimate.claim_rank == ClaimRank.SUPERSEDED
        if superseded:
            status = f"{status}, {superseded_label}"
            css_class += " superseded"
        sources = estimate.sources
        if plotted_here:
            middle = estimate.date + (estimate.date_last - estimate.date) / 2
            x = scale.x(middle)
            band = (
                Band(x, scale.y(estimate.figure_high), scale.y(estimate.figure))
                if estimate.figure_high
                else None
            )
            marks.append(
                Mark(
                    Shape(shape, x, scale.y(estimate.figure)),
                    css_class,
                    source_url(sources[0].slug) if sources else estimate.get_absolute_url(),
                    f"{fuzzy}: {figure} — {estimate.claimant_name} ({scope}; {status})",
                    band,
                )
            )
        rows.append(
            TableRow(
                fuzzy,
                estimate.claimant_name,
                figure,
                scope,
                status,
                tuple(
                    Link(f"{s.work} {s.published_on.isoformat()}", source_url(s.slug))
                    for s in sources
                ),
                superseded,
            )
        )
    return Chart(scale.y_ticks(), scale.x_ticks(), tuple(marks), tuple(legend), tuple(rows))
