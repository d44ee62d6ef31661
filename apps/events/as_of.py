"""The timeline and an event's page as the public saw them at a moment (``?as_of=``).

Read from the published history (``history.Publication``), not the live tables: every
entry as it was published then, entries created later absent, entries deleted since
present; and everything a page names through them — sources, actors, places, the event
an estimate is stated in — as it was then too. The rows are the live pages' own
(``selectors._RowBuilder``, the reactions' and reports' builders), so the pages look the
same. Every function runs a fixed number of queries.
"""

import datetime

from django.core.paginator import InvalidPage, Paginator
from django.db.models import CharField, Count, Q, Value

from apps.actors.models import Actor
from apps.core.dates import FuzzyDate
from apps.core.rows import as_of_query
from apps.corrections.selectors import corrections_of
from apps.history.models import Publication, PublicationReference
from apps.history.readers import entry_of, fields_at, states_at
from apps.places.maps import PlaceCount, place_map
from apps.places.models import Place, PlaceKind
from apps.reactions.models import Reaction
from apps.reactions.selectors import reaction_rows
from apps.sources.footnotes import Footnotes
from apps.sources.models import Source
from apps.sources.selectors import actors_at, load_citations_at, load_links_at
from apps.weapons.models import WeaponReport, WeaponSystem
from apps.weapons.selectors import report_rows

from .chart import ChartEstimate, ChartSource, build_chart
from .filters import TimelineFilter
from .models import Event, TroopEstimate
from .rows import EventPage, TimelineItem, TimelinePage
from .selectors import (
    CHART_LIMIT,
    MAP_FROM_LIST,
    PAGE_SIZE,
    RELATED,
    BadPage,
    _month_groups,
    _RowBuilder,
    counted_places,
    place_link,
    summed,
)


def _published(model, moment):
    return Publication.objects.of(model).at(moment)


def _entries(model, rows) -> dict:
    return {row.object_id: entry_of(model, row) for row in rows}


def _attach(entries, name, related: dict) -> None:
    """Give each entry the related entry (as it was then) its ``name`` link points at."""
    attname = f"{name}_id"
    for entry in entries:
        setattr(entry, name, related.get(getattr(entry, attname)))


def _linked_ids(entries, name) -> set:
    return {getattr(entry, f"{name}_id") for entry in entries} - {None}


def _with_related(moment, events, estimates=(), reports=()) -> None:
    """The claimants, observers, systems, the events estimates are stated in and the
    events dates are relative to, as they were at ``moment``: one query per kind."""
    dated = [*events, *estimates, *reports]
    actors = entries_at_ids(
        Actor,
        moment,
        _linked_ids([*events, *estimates], "claimant") | _linked_ids(reports, "observer"),
    )
    anchors = entries_at_ids(
        Event,
        moment,
        _linked_ids(dated, "date_relative_to") | _linked_ids(estimates, "event"),
    )
    _attach([*events, *estimates], "claimant", actors)
    _attach(reports, "observer", actors)
    _attach(dated, "date_relative_to", anchors)
    _attach(estimates, "event", anchors)
    if reports:
        _attach(
            reports, "system", entries_at_ids(WeaponSystem, moment, _linked_ids(reports, "system"))
        )


def entries_at_ids(model, moment, ids) -> dict:
    if not ids:
        return {}
    return {pk: entry_of(model, row) for pk, row in states_at(model, moment, ids).items()}


class _HistoryRows:
    """Events and estimates at a moment as one chronological list of keys, for the
    paginator (``selectors._TimelineRows`` over the published history)."""

    def __init__(self, events, estimates):
        self.events, self.estimates = events, estimates
        self.rows = (
            _keys(events, "event")
            .union(_keys(estimates, "estimate"), all=True)
            .order_by("date", "-date_last", "item_type", "object_id")
        )

    def count(self) -> int:
        return self.events.count() + self.estimates.count()

    def __getitem__(self, index):
        return self.rows[index]


def _keys(rows, kind):
    return (
        rows.annotate(item_type=Value(kind, output_field=CharField()))
        .values_list("item_type", "object_id", "date", "date_last")
        .order_by()
    )


def timeline_at(filterset: TimelineFilter, page_number, moment: datetime.datetime) -> TimelinePage:
    """``selectors.timeline`` as the public saw it at ``moment``."""
    matched = (
        filterset.history(_published(Event, moment), Event),
        filterset.history(_published(TroopEstimate, moment), TroopEstimate),
    )
    events, estimates = matched
    if not filterset.wants_estimates_only:
        estimates = estimates.filter(state__fields__event=None)  # the others show in their event
    paginator = Paginator(_HistoryRows(events, estimates), PAGE_SIZE)
    try:
        page = paginator.page(page_number or 1)
    except InvalidPage as exc:
        raise BadPage(str(exc)) from exc
    keys = list(page.object_list)
    event_ids = [pk for kind, pk, *_ in keys if kind == "event"]
    standalone_ids = {pk for kind, pk, *_ in keys if kind == "estimate"}
    event_rows = {
        row.object_id: row for row in _published(Event, moment).filter(object_id__in=event_ids)
    }
    estimate_rows = {
        row.object_id: row
        for row in _published(TroopEstimate, moment).filter(object_id__in=standalone_ids)
        | _published(TroopEstimate, moment).referring_to("event", *event_ids)
    }
    events = _entries(Event, event_rows.values())
    estimates = dict(
        sorted(
            _entries(TroopEstimate, estimate_rows.values()).items(),
            key=lambda item: (item[1].date, -item[1].date_last.toordinal(), item[0]),
        )
    )
    _with_related(moment, events.values(), estimates.values())
    stated = {pk: [] for pk in events}
    for estimate in estimates.values():
        if estimate.pk not in standalone_ids and estimate.event_id in stated:
            stated[estimate.event_id].append(estimate)
    event_states = {pk: row.state for pk, row in event_rows.items()}
    estimate_states = {pk: row.state for pk, row in estimate_rows.items()}
    everyone = actors_at(moment)
    event_citations, estimate_citations = load_citations_at(
        moment, event_states, estimate_states, actors=everyone
    )
    actors, places, estimate_places = load_links_at(
        moment,
        (Event, "actors", event_states),
        (Event, "places", event_states),
        (TroopEstimate, "places", estimate_states),
    )
    footnotes = Footnotes()
    rows = _RowBuilder(
        footnotes,
        {"event": event_citations, "estimate": estimate_citations},
        {"event": places, "estimate": estimate_places},
        {"event": actors},
        query=as_of_query(moment),
    )
    items = []
    for kind, pk, *_ in keys:
        if kind == "event":
            items.append(TimelineItem(kind, rows.event(events[pk], stated[pk])))
        else:
            estimate = estimates[pk]
            event_slug = estimate.event.slug if estimate.event else None
            items.append(TimelineItem(kind, rows.estimate(estimate, event_slug)))
    latest = chart_estimates_at(filterset, moment, everyone)
    # The map of a moment is drawn for a few entries only: counting many states of a moment
    # by place reads every one of their references (or, capped by place, every older state
    # that ever named the place), several times the cost of the page itself.
    withheld = paginator.count > MAP_FROM_LIST
    return TimelinePage(
        page,
        _month_groups(items),
        footnotes.references(),
        build_chart(latest[:CHART_LIMIT][::-1]),
        len(latest) > CHART_LIMIT,
        None if withheld else place_map(place_counts_at(filterset, moment, matched)),
        map_withheld=MAP_FROM_LIST if withheld else 0,
    )


def place_counts_at(filterset: TimelineFilter, moment, kinds) -> list[PlaceCount]:
    """``selectors.place_counts`` at ``moment`` for a few states (``kinds``: the filter's
    events and estimates then): counted by the places they name, and those places as they
    were then (a place located since is listed, not marked). Two queries."""
    counts = summed(
        [
            PublicationReference.objects.filter(
                field="places", publication__in=states.values("seq")
            )
            .values("target_id")
            .annotate(count=Count("pk"))
            .values_list("target_id", "count")
            .order_by()
            for states in kinds
        ]
    )
    # On the map (a point) or in its list (a country), as ``selectors.place_counts``.
    places = (
        _published(Place, moment)
        .filter(
            Q(state__fields__latitude__isnull=False) & ~Q(state__fields__latitude=None)
            | Q(state__fields__kind=PlaceKind.COUNTRY)
        )
        .filter(object_id__any_of=[target_id for (target_id,) in counts])
        .only("object_id", "slug", "state")
    )
    found = {_place_key(row): counts[(row.object_id,)] for row in places}
    return counted_places(found, place_link(filterset))


def _place_key(place) -> tuple:
    fields = place.state["fields"]
    radius = fields.get("radius_km")
    return (
        place.slug,
        fields["name"],
        fields.get("latitude"),
        fields.get("longitude"),
        int(radius) if radius is not None else None,
    )


def chart_estimates_at(filterset: TimelineFilter, moment, actors=None) -> list[ChartEstimate]:
    """``selectors.chart_estimates`` at ``moment``: the latest ``CHART_LIMIT + 1`` estimates
    of the filter, newest first, with their claimants' and sources' state then."""
    rows = list(
        filterset.history(_published(TroopEstimate, moment), TroopEstimate).order_by(
            "-date", "-object_id"
        )[: CHART_LIMIT + 1]
    )
    estimates = [entry_of(TroopEstimate, row) for row in rows]
    actors = actors or actors_at(moment)
    event_slugs = fields_at(Event, moment, ("slug",), _linked_ids(estimates, "event"))
    cited = {c["source"] for row in rows for c in row.state.get("citations", [])}
    sources = fields_at(Source, moment, ("slug", "work", "published_on"), cited) if cited else {}
    found = []
    for row, estimate in zip(rows, estimates, strict=True):
        chart_sources = [
            ChartSource(slug, work, datetime.date.fromisoformat(published_on))
            for citation in row.state.get("citations", [])
            if citation["source"] in sources
            for slug, work, published_on in [sources[citation["source"]]]
        ]
        (event_slug,) = event_slugs.get(estimate.event_id, (None,))
        found.append(
            ChartEstimate(
                slug=estimate.slug,
                event_slug=event_slug,
                fuzzy_date=FuzzyDate(
                    estimate.date,
                    estimate.date_precision,
                    estimate.date_approximate,
                    estimate.date_end,
                ),
                date_last=estimate.date_last,
                figure=estimate.figure,
                figure_high=estimate.figure_high,
                qualifier=estimate.qualifier,
                scope=estimate.scope,
                claim_status=estimate.claim_status,
                claim_rank=estimate.claim_rank,
                claimant_name=actors.names.get(estimate.claimant_id),
                series=actors.roots.get(estimate.claimant_id),
                sources=chart_sources,
            )
        )
    return found


def event_detail_at(slug, moment) -> EventPage:
    """``selectors.event_detail`` as the public saw it at ``moment``; ``Event.DoesNotExist``
    when no event had this key then."""
    found = list(_published(Event, moment).filter(slug=slug)[:1])
    if not found:
        raise Event.DoesNotExist(slug)
    row = found[0]
    event = entry_of(Event, row)
    stated_rows = list(
        _published(TroopEstimate, moment)
        .referring_to("event", event.pk)
        .order_by("date", "-date_last", "object_id")
    )
    stated = [entry_of(TroopEstimate, r) for r in stated_rows]
    event_states = {event.pk: row.state}
    estimate_states = {r.object_id: r.state for r in stated_rows}
    event_actors, event_places, estimate_places = load_links_at(
        moment,
        (Event, "actors", event_states),
        (Event, "places", event_states),
        (TroopEstimate, "places", estimate_states),
    )
    actor_ids = [link.pk for link in event_actors[event.pk]]
    place_ids = [link.pk for link in event_places[event.pk]]
    reaction_rows_, report_rows_ = [], []
    if actor_ids:
        reaction_rows_ = list(
            _published(Reaction, moment)
            .referring_to("actors", *actor_ids)
            .order_by("date", "-date_last", "object_id")[:RELATED]
        )
    if place_ids:
        report_rows_ = list(
            _published(WeaponReport, moment)
            .referring_to("places", *place_ids)
            .order_by("date", "object_id")[:RELATED]
        )
    reactions = [entry_of(Reaction, r) for r in reaction_rows_]
    reports = [entry_of(WeaponReport, r) for r in report_rows_]
    _with_related(moment, [event], stated, reports)
    reaction_states = {r.object_id: r.state for r in reaction_rows_}
    report_states = {r.object_id: r.state for r in report_rows_}
    reaction_actors, reaction_places, report_places = load_links_at(
        moment,
        (Reaction, "actors", reaction_states),
        (Reaction, "places", reaction_states),
        (WeaponReport, "places", report_states),
    )
    event_citations, estimate_citations, reaction_citations, report_citations = load_citations_at(
        moment, event_states, estimate_states, reaction_states, report_states
    )
    footnotes = Footnotes()
    rows = _RowBuilder(
        footnotes,
        {"event": event_citations, "estimate": estimate_citations},
        {"event": event_places, "estimate": estimate_places},
        {"event": event_actors},
        query=as_of_query(moment),
    )
    return EventPage(
        rows.event(event, stated),
        reaction_rows(reactions, reaction_citations, reaction_actors, reaction_places, footnotes),
        report_rows(reports, report_citations, report_places, footnotes),
        footnotes.references(),
        [c for c in corrections_of(event, *stated) if c.published_at <= moment],
    )
