"""Published reads for the timeline, the event pages and the exports.

Every function runs a fixed number of queries, whatever the number of entries.
"""

import heapq
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, Q, Value
from django.utils import formats
from django.utils.translation import pgettext

from apps.actors.models import top_columns, top_from_columns
from apps.claims.provenance import annotate_origins
from apps.core.dates import FuzzyDate
from apps.reactions.models import ReactionCitation
from apps.reactions.selectors import reactions_with_details
from apps.sources.footnotes import Footnotes
from apps.sources.models import Source
from apps.sources.selectors import attach_citations, attach_links
from apps.weapons.models import WeaponReportCitation
from apps.weapons.selectors import reports_with_details

from .chart import ChartEstimate, ChartSource, build_chart
from .filters import TimelineFilter
from .models import EstimateCitation, Event, EventCitation, TroopEstimate

# A page holds at most this many entries; the reference list is per page.
PAGE_SIZE = 50
# The chart shows at most the latest this many estimates of the filter.
CHART_LIMIT = 60
RELATED = 10


def estimates_for_display():
    return (
        TroopEstimate.objects.published()
        .select_related("claimant")
        .order_by("date", "-date_last", "pk")
    )


def events_with_claimant():
    return Event.objects.published().select_related("claimant")


@dataclass
class Item:
    """One row of the timeline: an event, or a troop estimate standing on its own."""

    kind: str  # "event" or "estimate"
    entry: object

    @property
    def anchor(self):
        return f"{self.kind}-{self.entry.slug}"


@dataclass
class MonthGroup:
    year: int
    year_label: str
    label: str
    items: list[Item]


@dataclass
class Timeline:
    filterset: TimelineFilter
    page: object = None
    groups: list[MonthGroup] = field(default_factory=list)
    footnotes: Footnotes = field(default_factory=Footnotes)
    chart: object = None
    chart_truncated: bool = False

    @property
    def is_empty(self):
        return self.page is None or not self.page.object_list


class BadPage(ValueError):
    pass


def timeline(filterset: TimelineFilter, page_number="1") -> Timeline:
    """The filtered timeline, one page of it, and the footnotes of that page."""
    result = Timeline(filterset)
    events = filterset.events()
    estimates = filterset.estimates()
    if not filterset.wants_estimates_only:
        estimates = estimates.filter(event__isnull=True)  # the others show inside their event
    rows = _TimelineRows(events, estimates)
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        result.page = paginator.page(page_number or 1)
    except InvalidPage as exc:
        raise BadPage(str(exc)) from exc
    keys = list(result.page.object_list)
    event_ids = [pk for kind, pk, *_ in keys if kind == "event"]
    standalone_ids = {pk for kind, pk, *_ in keys if kind == "estimate"}
    events = {event.pk: event for event in events_with_claimant().filter(pk__any_of=event_ids)}
    # One query for the estimates of the page: standing alone, or stated in its events.
    estimates = estimates_for_display().filter(
        Q(pk__any_of=standalone_ids) | Q(event_id__any_of=event_ids)
    )
    if filterset.wants_estimates_only:  # listed alone, yet perhaps stated in an event
        estimates = estimates.select_related("event")
    estimates = list(estimates)
    for event in events.values():
        event.stated_estimates = []
    for estimate in estimates:
        if estimate.pk not in standalone_ids:
            estimate.event = events[estimate.event_id]
            estimate.event.stated_estimates.append(estimate)
    attach_citations((EventCitation, events.values()), (EstimateCitation, estimates))
    attach_links((events.values(), "actors"), (events.values(), "places"), (estimates, "places"))
    by_kind = {"event": events, "estimate": {e.pk: e for e in estimates}}
    items = [Item(kind, by_kind[kind][pk]) for kind, pk, *_ in keys]
    for item in items:
        item.entry.markers = result.footnotes.cite(item.entry.citation_list)
        if item.kind == "event":
            result.footnotes.annotate(item.entry.stated_estimates)
    annotate_origins(events.values())
    annotate_origins(estimates)
    result.groups = _month_groups(items)
    latest = chart_estimates(filterset)
    result.chart_truncated = len(latest) > CHART_LIMIT
    result.chart = build_chart(latest[:CHART_LIMIT][::-1])
    return result


_CHART_FIELDS = (
    "pk",
    "slug",
    "date",
    "date_precision",
    "date_approximate",
    "date_end",
    "date_last",
    "figure",
    "figure_high",
    "qualifier",
    "scope",
    "claim_status",
    "claim_rank",
)
_SERIES = top_columns("claimant")


def chart_estimates(filterset) -> list[ChartEstimate]:
    """The latest ``CHART_LIMIT + 1`` estimates of the filter, newest first, for the chart.

    Two queries of plain rows (the latest estimates, then their citations): the
    chart shows dozens of estimates with every source they cite, and model
    instances for all of them would cost more than the rest of the page. Joining
    the citations into the first query would make its LIMIT count citations.
    """
    rows = list(
        filterset.apply(TroopEstimate.objects.published())
        .order_by("-date", "-pk")
        .values(*_CHART_FIELDS, *_SERIES, "event__slug")[: CHART_LIMIT + 1]
    )
    sources = {row["pk"]: [] for row in rows}
    citation = "events_estimatecitation_set"
    cited = (
        Source.objects.published()
        .filter(**{f"{citation}__entry_id__any_of": sources})
        .order_by(f"{citation}__entry_id", f"{citation}__position", f"{citation}__pk")
        .values_list(f"{citation}__entry_id", "slug", "work", "published_on")
    )
    for entry_id, *source in cited:
        sources[entry_id].append(ChartSource(*source))
    return [
        ChartEstimate(
            slug=row["slug"],
            event_slug=row["event__slug"],
            fuzzy_date=FuzzyDate(
                row["date"], row["date_precision"], row["date_approximate"], row["date_end"]
            ),
            date_last=row["date_last"],
            figure=row["figure"],
            figure_high=row["figure_high"],
            qualifier=row["qualifier"],
            scope=row["scope"],
            claim_status=row["claim_status"],
            claim_rank=row["claim_rank"],
            claimant_name=row["claimant__name"],
            series=top_from_columns(*(row[column] for column in _SERIES)),
            sources=sources[row["pk"]],
        )
        for row in rows
    ]


class _TimelineRows:
    """Events and estimates as one chronological list of keys, for the paginator.

    The rows are a UNION of both tables, counted as two counts: counting the UNION
    reads every row of both tables, and one query adding the two counts as a
    subquery cost more on both engines (SQLite: 1.0 ms against 0.3 ms for two).
    """

    def __init__(self, events, estimates):
        self.events, self.estimates = events, estimates
        self.rows = (
            _keys(events, "event")
            .union(_keys(estimates, "estimate"), all=True)
            .order_by("date", "-date_last", "item_type", "pk")
        )

    def count(self) -> int:
        return self.events.count() + self.estimates.count()

    def __getitem__(self, index):
        return self.rows[index]


def _keys(queryset, kind):
    return (
        queryset.annotate(item_type=Value(kind, output_field=CharField()))
        .values_list("item_type", "pk", "date", "date_last")
        .order_by()
    )


def _month_groups(items) -> list[MonthGroup]:
    groups = []
    for (year, _month), members in groupby(
        items, key=lambda i: (i.entry.date.year, i.entry.date.month)
    ):
        members = list(members)
        first = members[0].entry.date
        year_label = formats.date_format(first, pgettext("date format", "Y"))
        label = formats.date_format(first, "YEAR_MONTH_FORMAT")
        groups.append(MonthGroup(year, year_label, label, members))
    return groups


def event_detail(slug):
    """An event, its estimates, and reactions and weapon reports sharing its actors or places."""
    event = events_with_claimant().get(slug=slug)
    attach_links(([event], "actors"), ([event], "places"))
    event.stated_estimates = list(estimates_for_display().filter(event=event))
    for estimate in event.stated_estimates:
        estimate.event = event
    actor_ids = [a.pk for a in event.actors_list]
    place_ids = [p.pk for p in event.places_list]
    reactions, reports = [], []
    if actor_ids:
        reactions = list(reactions_with_details().filter(actors__in=actor_ids).distinct()[:RELATED])
    if place_ids:
        reports = list(reports_with_details().filter(places__in=place_ids).distinct()[:RELATED])
    attach_links((reactions, "actors"), (reactions, "places"), (reports, "places"))
    attach_citations(
        (EventCitation, [event]),
        (EstimateCitation, event.stated_estimates),
        (ReactionCitation, reactions),
        (WeaponReportCitation, reports),
    )
    footnotes = Footnotes()
    event.markers = footnotes.cite(event.citation_list)
    footnotes.annotate(event.stated_estimates)
    annotate_origins([event, *event.stated_estimates, *reports])
    footnotes.annotate(reactions)
    footnotes.annotate(reports)
    return event, reactions, reports, footnotes


def export_rows(filterset: TimelineFilter):
    """Events and troop estimates in chronological order, for the exports.

    Streams in constant memory with a constant number of queries: each kind of
    related row (citations, actors, places) is read by one query sorted like
    the entries, and merged alongside them.
    """
    events = filterset.events()
    estimates = filterset.estimates()
    event_stream = _with_related(
        events.order_by(*ORDER).iterator(chunk_size=CHUNK),
        citations=_citation_rows(EventCitation, events),
        actors=_link_rows(Event.actors.through, "event", "actor", events),
        places=_link_rows(Event.places.through, "event", "place", events),
    )
    estimate_stream = _with_related(
        estimates.select_related("claimant", "event").order_by(*ORDER).iterator(chunk_size=CHUNK),
        citations=_citation_rows(EstimateCitation, estimates),
        places=_link_rows(TroopEstimate.places.through, "troopestimate", "place", estimates),
    )
    yield from heapq.merge(
        (("event", e) for e in event_stream),
        (("estimate", e) for e in estimate_stream),
        key=lambda row: (row[1].date, -row[1].date_last.toordinal(), row[0], row[1].pk),
    )


ORDER = ("date", "-date_last", "pk")
CHUNK = 1000


def _entry_order(prefix):
    return [f"{prefix}__date", f"-{prefix}__date_last", f"{prefix}__pk"]


def _citation_rows(citation_model, entries):
    return (
        citation_model.objects.filter(entry__in=entries.values("pk"))
        .order_by(*_entry_order("entry"), "position")
        .values_list(
            "entry_id",
            "source__slug",
            "source__title",
            "source__work",
            "source__author",
            "source__published_on",
            "source__accessed_on",
            "source__url",
        )
        .iterator(chunk_size=CHUNK)
    )


def _link_rows(through, entry_field, target_field, entries):
    return (
        through.objects.filter(**{f"{entry_field}__in": entries.values("pk")})
        .order_by(*_entry_order(entry_field), f"{target_field}__name")
        .values_list(f"{entry_field}_id", f"{target_field}__name")
        .iterator(chunk_size=CHUNK)
    )


def _with_related(entries, **related):
    """Attach, as ``export_<name>`` lists, rows sorted in the same order as ``entries``."""
    streams = {name: _Peekable(rows) for name, rows in related.items()}
    for entry in entries:
        for name, stream in streams.items():
            setattr(entry, f"export_{name}", stream.take_while(entry.pk))
        yield entry


class _Peekable:
    def __init__(self, rows):
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take_while(self, entry_pk):
        taken = []
        while self._next is not None and self._next[0] == entry_pk:
            taken.append(self._next[1:] if len(self._next) > 2 else self._next[1])
            self._next = next(self._rows, None)
        return taken
