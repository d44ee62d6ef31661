"""Bulk content for scale tests: many published entries, written straight to the tables."""

import datetime
import itertools

from apps.actors.models import Actor
from apps.core.dates import DatePrecision, period_last_day
from apps.events.models import EstimateCitation, Event, EventCitation, TroopEstimate
from apps.places.models import Place
from apps.reactions.models import Reaction, ReactionCitation
from apps.sources.models import Source
from apps.weapons.models import WeaponReport, WeaponReportCitation, WeaponSystem

START = datetime.date(2023, 1, 1)


def _dates(count, offset=0):
    for index in range(count):
        day = START + datetime.timedelta(days=(index * 3 + offset) % 900)
        precision = DatePrecision.MONTH if index % 5 == 0 else DatePrecision.DAY
        if precision == DatePrecision.MONTH:
            day = day.replace(day=1)
        yield {
            "date": day,
            "date_precision": precision,
            "date_approximate": index % 7 == 0,
            "date_last": period_last_day(day, precision),
        }


def grow(count: int, prefix: str = "bulk") -> None:
    """Add ``count`` events, estimates, reactions, weapon reports and sources, all cited."""
    sources = Source.objects.bulk_create(
        Source(
            slug=f"{prefix}-source-{i}",
            title=f"合成記事{i}の見出し",
            work="合成通信",
            published_on=START + datetime.timedelta(days=i % 900),
            accessed_on=START + datetime.timedelta(days=i % 900 + 1),
        )
        for i in range(count)
    )
    actors = list(Actor.objects.all()[:20])
    places = list(Place.objects.all()[:10])
    cycle = itertools.cycle

    events = Event.objects.bulk_create(
        Event(
            slug=f"{prefix}-event-{i}",
            title=f"合成の出来事{i}",
            text=f"合成の本文{i}。",
            kind="statement",
            **d,
        )
        for i, d in enumerate(_dates(count))
    )
    EventCitation.objects.bulk_create(
        EventCitation(entry=event, source=source, position=position)
        for event, source in zip(events, cycle(sources), strict=False)
        for position in (1,)
    )
    Event.actors.through.objects.bulk_create(
        Event.actors.through(event_id=e.pk, actor_id=a.pk)
        for e, a in zip(events, cycle(actors), strict=False)
    )
    Event.places.through.objects.bulk_create(
        Event.places.through(event_id=e.pk, place_id=p.pk)
        for e, p in zip(events, cycle(places), strict=False)
    )

    estimates = TroopEstimate.objects.bulk_create(
        TroopEstimate(
            slug=f"{prefix}-estimate-{i}",
            claimant=actor,
            figure=1000 + i,
            scope="sent",
            statement=f"合成の推定{i}",
            event=event if i % 2 else None,
            **d,
        )
        for (i, d), actor, event in zip(
            enumerate(_dates(count, 1)), cycle(actors), cycle(events), strict=False
        )
    )
    EstimateCitation.objects.bulk_create(
        EstimateCitation(entry=e, source=s, position=1)
        for e, s in zip(estimates, cycle(sources), strict=False)
    )

    reactions = Reaction.objects.bulk_create(
        Reaction(
            slug=f"{prefix}-reaction-{i}",
            group=("west", "surrender", "international")[i % 3],
            kind="statement",
            summary=f"合成の反応{i}。",
            **d,
        )
        for i, d in enumerate(_dates(count, 2))
    )
    ReactionCitation.objects.bulk_create(
        ReactionCitation(entry=r, source=s, position=1)
        for r, s in zip(reactions, cycle(sources), strict=False)
    )
    Reaction.actors.through.objects.bulk_create(
        Reaction.actors.through(reaction_id=r.pk, actor_id=a.pk)
        for r, a in zip(reactions, cycle(actors), strict=False)
    )

    systems = WeaponSystem.objects.bulk_create(
        WeaponSystem(slug=f"{prefix}-system-{i}", name=f"合成兵器{i}", category="ammunition")
        for i in range(max(count // 10, 1))
    )
    reports = WeaponReport.objects.bulk_create(
        WeaponReport(
            slug=f"{prefix}-report-{i}",
            system=system,
            kind="sighted",
            evidence="photo",
            text=f"合成の報告{i}。",
            **d,
        )
        for (i, d), system in zip(enumerate(_dates(count, 3)), cycle(systems), strict=False)
    )
    WeaponReportCitation.objects.bulk_create(
        WeaponReportCitation(entry=r, source=s, position=1)
        for r, s in zip(reports, cycle(sources), strict=False)
    )
    WeaponReport.places.through.objects.bulk_create(
        WeaponReport.places.through(weaponreport_id=r.pk, place_id=p.pk)
        for r, p in zip(reports, cycle(places), strict=False)
    )
