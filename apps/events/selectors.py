"""Published reads for the timeline, the event pages and the exports.

Every function runs a fixed number of queries, whatever the number of entries.
"""

import heapq
from collections import Counter
from itertools import groupby
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext, pgettext

from apps.actors.models import top_columns, top_from_columns
from apps.claims.rows import claim_row
from apps.core.choices import choice_labels
from apps.core.dates import FuzzyDate
from apps.core.expressions import CappedCount
from apps.core.links import url_of
from apps.core.rows import Link, relative_date
from apps.corrections.selectors import corrections_of
from apps.places.maps import PlaceCount, place_map
from apps.places.models import Place, PlaceKind
from apps.reactions.models import Reaction, ReactionCitation
from apps.reactions.selectors import reaction_rows, reactions_with_details
from apps.sources.footnotes import Footnotes
from apps.sources.models import Source
from apps.sources.selectors import load_citations, load_links
from apps.weapons.models import WeaponReport, WeaponReportCitation
from apps.weapons.selectors import report_rows, reports_with_details

from .chart import ChartEstimate, ChartSource, build_chart
from .filters import TEXT_MATCHES, TimelineFilter
from .models import (
    EstimateCitation,
    EstimateScope,
    Event,
    EventCitation,
    EventKind,
    Qualifier,
    TroopEstimate,
    estimate_url,
    qualified_figure,
)
from .rows import EstimateRow, EventPage, EventRow, MonthGroup, TimelineItem, TimelinePage

# A page holds at most this many entries; the reference list is per page. (Each entry with
# its references weighs about 1.6 KB at benchmark scale: 40 keep a page under 120 KB.)
PAGE_SIZE = 40
# The chart shows at most the latest this many estimates of the filter (each is a mark and
# a row of its table: 60 made the chart a quarter of a 230 KB page at benchmark scale).
CHART_LIMIT = 30
RELATED = 10


def estimates_for_display():
    return (
        TroopEstimate.objects.published()
        .select_related("claimant", "date_relative_to")
        .order_by("date", "-date_last", "pk")
    )


def events_with_claimant():
    return Event.objects.published().select_related("claimant", "date_relative_to")


class BadPage(ValueError):
    pass


def _party(actor) -> Link:
    return Link(actor.name, actor.get_absolute_url(), actor.kind)


class _RowBuilder:
    """Builds the rows of a page's events and estimates, numbering their footnotes in the
    order they are built (the order of the page), from what the loaders read."""

    def __init__(self, footnotes: Footnotes, citations, places, actors=None, query=""):
        self.footnotes = footnotes
        # ``as_of=…`` on a page shown as it was: its links lead to the same moment.
        self.query = query
        self.citations, self.places, self.actors = citations, places, actors
        self.qualifiers = choice_labels(Qualifier)
        self.scopes, self.kinds = choice_labels(EstimateScope), choice_labels(EventKind)

    def estimate(self, estimate, event_slug=None) -> EstimateRow:
        citations = self.citations["estimate"][estimate.pk]
        # Translators: a troop figure, e.g. "about 12,000 troops" / "約 12,000人".
        figure = gettext("%(figure)s troops") % {
            "figure": qualified_figure(estimate, self.qualifiers)
        }
        return EstimateRow(
            slug=estimate.slug,
            url=estimate_url(estimate.slug, event_slug, self.query),
            date=estimate.fuzzy_date,
            relative_date=relative_date(estimate),
            figure=figure,
            scope_label=self.scopes.get(estimate.scope, estimate.scope),
            claimant=_party(estimate.claimant),
            statement=estimate.statement,
            claim=claim_row(estimate, citations),
            markers=self.footnotes.cite(citations),
            places=self.places["estimate"][estimate.pk],
            citations=citations,
        )

    def event(self, event, estimates) -> EventRow:
        citations = self.citations["event"][event.pk]
        markers = self.footnotes.cite(citations)  # the event's, then its estimates'
        return EventRow(
            slug=event.slug,
            url=event.get_absolute_url() + (f"?{self.query}" if self.query else ""),
            date=event.fuzzy_date,
            relative_date=relative_date(event),
            kind=event.kind,
            kind_label=self.kinds.get(event.kind, event.kind),
            title=event.title,
            text=event.text,
            claimant=_party(event.claimant) if event.claimant else None,
            claim=claim_row(event, citations),
            markers=markers,
            estimates=[self.estimate(e, event.slug) for e in estimates],
            actors=self.actors["event"][event.pk],
            places=self.places["event"][event.pk],
            citations=citations,
        )


def timeline(filterset: TimelineFilter, page_number="1") -> TimelinePage:
    """The filtered timeline, one page of it, and the footnotes of that page."""
    events = filterset.events()
    estimates = filterset.estimates()
    if not filterset.wants_estimates_only:
        estimates = estimates.filter(event__isnull=True)  # the others show inside their event
    paginator = Paginator(_TimelineRows(events, estimates), PAGE_SIZE)
    try:
        page = paginator.page(page_number or 1)
    except InvalidPage as exc:
        raise BadPage(str(exc)) from exc
    keys = list(page.object_list)
    event_ids = [pk for kind, pk, *_ in keys if kind == "event"]
    standalone_ids = {pk for kind, pk, *_ in keys if kind == "estimate"}
    events = {event.pk: event for event in events_with_claimant().filter(pk__any_of=event_ids)}
    # One query for the estimates of the page: standing alone, or stated in its events.
    estimates = estimates_for_display().filter(
        Q(pk__any_of=standalone_ids) | Q(event_id__any_of=event_ids)
    )
    if filterset.wants_estimates_only:  # listed alone, yet perhaps stated in an event
        estimates = estimates.select_related("event")
    estimates = {estimate.pk: estimate for estimate in estimates}
    stated = {pk: [] for pk in events}
    for estimate in estimates.values():
        if estimate.pk not in standalone_ids:
            stated[estimate.event_id].append(estimate)
    event_citations, estimate_citations = load_citations(
        (EventCitation, events), (EstimateCitation, estimates)
    )
    actors, places, estimate_places = load_links(
        (Event, "actors", events), (Event, "places", events), (TroopEstimate, "places", estimates)
    )
    footnotes = Footnotes()
    rows = _RowBuilder(
        footnotes,
        {"event": event_citations, "estimate": estimate_citations},
        {"event": places, "estimate": estimate_places},
        {"event": actors},
    )
    items = []
    for kind, pk, *_ in keys:
        if kind == "event":
            items.append(TimelineItem(kind, rows.event(events[pk], stated[pk])))
        else:
            estimate = estimates[pk]
            event_slug = estimate.event.slug if estimate.event_id else None
            items.append(TimelineItem(kind, rows.estimate(estimate, event_slug)))
    latest = chart_estimates(filterset)
    return TimelinePage(
        page,
        _month_groups(items),
        footnotes.references(),
        build_chart(latest[:CHART_LIMIT][::-1]),
        len(latest) > CHART_LIMIT,
        place_map(place_counts(filterset, paginator.count)),
        TEXT_MATCHES if filterset.matches_text and paginator.count >= TEXT_MATCHES else 0,
    )


# A place's entries are counted up to this many ("100+"): the map costs the same at any size.
MAP_COUNT_CAP = 100
# Up to this many entries of the filter, the map counts from their list (cheaper than
# checking every link of every place against the filter).
MAP_FROM_LIST = 2 * TEXT_MATCHES


def place_counts(filterset: TimelineFilter, matched: int) -> list[PlaceCount]:
    """The places the filter's events and estimates happened at, with how many (up to
    ``MAP_COUNT_CAP``): those with a point, for the map, and the countries, for its list.
    One query: when the ``matched`` entries are few, their links counted by place; when
    they are many, a capped count of each place's links to them."""
    shown = Place.objects.published().filter(Q(latitude__isnull=False) | Q(kind=PlaceKind.COUNTRY))
    kinds = (filterset.events(), filterset.estimates())
    if matched <= MAP_FROM_LIST:
        places = _places_of_few(shown, kinds)
    else:
        places = _places_of_many(shown, kinds)
    return counted_places(places, place_link(filterset))


def counted_places(places: dict[tuple, int], link) -> list[PlaceCount]:
    """(slug, name, latitude, longitude, radius_km) → how many entries happened there, as
    the map's marks and list have them (the count capped); ``link``: slug → its timeline."""
    return [
        PlaceCount(
            name,
            link(slug),
            min(count, MAP_COUNT_CAP),
            float(latitude) if latitude is not None else None,
            float(longitude) if longitude is not None else None,
            radius_km,
            more=count >= MAP_COUNT_CAP,
        )
        for (slug, name, latitude, longitude, radius_km), count in places.items()
        if count
    ]


_PLACE_COLUMNS = ("slug", "name", "latitude", "longitude", "radius_km")


def _places_of_few(shown, kinds) -> dict[tuple, int]:
    """A few entries (the text filter keeps TEXT_MATCHES of each kind): their links,
    counted by place, the entries' filter read once (as a subquery of each place, it was
    read again for every place)."""
    columns = [f"place__{column}" for column in _PLACE_COLUMNS]
    grouped = [
        entries.model.places.through.objects.filter(
            **{f"{entries.model._meta.model_name}__in": entries.values("pk")}, place__in=shown
        )
        .values(*columns)
        .annotate(count=Count("pk"))
        .values_list(*columns, "count")
        .order_by()
        for entries in kinds
    ]
    return summed(grouped)


def summed(grouped: list) -> Counter:
    """Rows of (key…, count) of several grouped counts, read in one query (UNION ALL) and
    added up by key (a tuple)."""
    counts = Counter()
    for *key, count in grouped[0].union(*grouped[1:], all=True):
        counts[tuple(key)] += count
    return counts


def _places_of_many(shown, kinds) -> dict[tuple, int]:
    """Many entries: each place's links (by index), each entry checked against the filter
    by its key, counted up to the cap (SQLite, left to itself, read every entry of the
    filter for each place)."""
    counts = {}
    for entries in kinds:
        entry_id = f"{entries.model._meta.model_name}_id"
        links = entries.model.places.through.objects.filter(place=OuterRef("pk")).filter(
            Exists(entries.filter(pk=OuterRef(entry_id)))
        )
        counts[f"at_{entries.model._meta.model_name}"] = CappedCount(links, MAP_COUNT_CAP)
    rows = shown.annotate(**counts).values_list(*_PLACE_COLUMNS, *counts).order_by()
    width = len(_PLACE_COLUMNS)
    # None: a filter no entry of that kind can match.
    return {row[:width]: sum(n or 0 for n in row[width:]) for row in rows}


def place_link(filterset: TimelineFilter):
    """slug → the timeline of that place, with the other filters as they are (and the
    moment last, as every link of a page as it was has it)."""
    kept = filterset.data.copy() if filterset.is_bound else QueryDict(mutable=True)
    for name in ("place", "page"):
        kept.pop(name, None)
    moment = kept.pop("as_of", None)
    base = url_of("events:timeline")

    def link(slug):
        kept["place"] = slug
        query = kept.urlencode()
        return f"{base}?{query}&{urlencode({'as_of': moment[-1]})}" if moment else f"{base}?{query}"

    return link


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
    subquery cost more on both engines (``make benchmark`` times the timeline).
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
        items, key=lambda i: (i.row.date.start.year, i.row.date.start.month)
    ):
        members = list(members)
        first = members[0].row.date.start
        year_label = formats.date_format(first, pgettext("date format", "Y"))
        label = formats.date_format(first, "YEAR_MONTH_FORMAT")
        groups.append(MonthGroup(year, year_label, label, members))
    return groups


def event_detail(slug) -> EventPage:
    """An event, its estimates, and reactions and weapon reports sharing its actors or places."""
    event = events_with_claimant().get(slug=slug)
    stated = list(estimates_for_display().filter(event=event))
    event_actors, event_places, estimate_places = load_links(
        (Event, "actors", [event.pk]),
        (Event, "places", [event.pk]),
        (TroopEstimate, "places", [e.pk for e in stated]),
    )
    actor_ids = [link.pk for link in event_actors[event.pk]]
    place_ids = [link.pk for link in event_places[event.pk]]
    reactions, reports = [], []
    if actor_ids:
        reactions = list(reactions_with_details().filter(actors__in=actor_ids).distinct()[:RELATED])
    if place_ids:
        reports = list(reports_with_details().filter(places__in=place_ids).distinct()[:RELATED])
    reaction_ids, report_ids = [r.pk for r in reactions], [r.pk for r in reports]
    reaction_actors, reaction_places, report_places = load_links(
        (Reaction, "actors", reaction_ids),
        (Reaction, "places", reaction_ids),
        (WeaponReport, "places", report_ids),
    )
    event_citations, estimate_citations, reaction_citations, report_citations = load_citations(
        (EventCitation, [event.pk]),
        (EstimateCitation, [e.pk for e in stated]),
        (ReactionCitation, reaction_ids),
        (WeaponReportCitation, report_ids),
    )
    footnotes = Footnotes()
    rows = _RowBuilder(
        footnotes,
        {"event": event_citations, "estimate": estimate_citations},
        {"event": event_places, "estimate": estimate_places},
        {"event": event_actors},
    )
    row = rows.event(event, stated)
    return EventPage(
        row,
        reaction_rows(reactions, reaction_citations, reaction_actors, reaction_places, footnotes),
        report_rows(reports, report_citations, report_places, footnotes),
        footnotes.references(),
        corrections_of(event, *stated),
    )


def export_rows(filterset: TimelineFilter):
    """(kind, entry, related) for events and troop estimates in chronological order, for the
    exports; ``related`` holds the entry's "citations", "actors" and "places".

    Streams in constant memory with a constant number of queries: each kind of
    related row is read by one query sorted like the entries, and merged alongside them.
    """
    events = filterset.events()
    estimates = filterset.estimates()
    event_stream = _with_related(
        events.select_related("date_relative_to").order_by(*ORDER).iterator(chunk_size=CHUNK),
        citations=_citation_rows(EventCitation, events),
        actors=_link_rows(Event.actors.through, "event", "actor", events),
        places=_link_rows(Event.places.through, "event", "place", events),
    )
    estimate_stream = _with_related(
        estimates.select_related("claimant", "event", "date_relative_to")
        .order_by(*ORDER)
        .iterator(chunk_size=CHUNK),
        citations=_citation_rows(EstimateCitation, estimates),
        places=_link_rows(TroopEstimate.places.through, "troopestimate", "place", estimates),
    )
    yield from heapq.merge(
        (("event", *pair) for pair in event_stream),
        (("estimate", *pair) for pair in estimate_stream),
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
    """(entry, its related rows by name), the rows sorted in the same order as ``entries``."""
    streams = {name: _Peekable(rows) for name, rows in related.items()}
    for entry in entries:
        yield entry, {name: stream.take_while(entry.pk) for name, stream in streams.items()}


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
