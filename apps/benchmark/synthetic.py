"""Synthetic published content at scale, written in bulk (fixtures and services aside).

Used by the benchmark command and by the tests that check query counts at two
sizes. Everything written is valid: it satisfies the same constraints as
edited content, and every entry cites sources.
"""

import datetime
import itertools
import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from reversion.models import Revision, Version

from apps.actors.models import Actor
from apps.core.dates import DatePrecision, period_last_day
from apps.core.models import ContentVersion
from apps.events.models import EstimateCitation, Event, EventCitation, TroopEstimate
from apps.history.models import Publication, PublicationAction
from apps.history.services import Known, publications_imported
from apps.moderation.history import with_states
from apps.moderation.models import ChangeRequest
from apps.moderation.state import state_of
from apps.places.models import Place
from apps.reactions.models import Reaction, ReactionCitation, ReactionGroup
from apps.sources.models import Source
from apps.weapons.models import WeaponReport, WeaponReportCitation, WeaponSystem

START = datetime.date(2022, 1, 1)
BATCH = 2000


@dataclass
class Scale:
    events: int = 10_000
    sources: int = 2_000
    citations: int = 3
    estimates: int | None = None  # one per ten events unless given
    reactions: int = 1_000
    systems: int = 200
    reports: int = 2_000
    versions: int = 50_000
    pending: int = 1_000
    actors: int = 200
    places: int = 100

    def __post_init__(self):
        if self.estimates is None:
            self.estimates = max(self.events // 10, 1)


def _dates(count, offset=0):
    for index in range(count):
        day = START + datetime.timedelta(days=(index * 7 + offset * 3) % 1400)
        precision = DatePrecision.MONTH if index % 6 == 0 else DatePrecision.DAY
        if precision == DatePrecision.MONTH:
            day = day.replace(day=1)
        yield {
            "date": day,
            "date_precision": precision,
            "date_approximate": index % 9 == 0,
            "date_last": period_last_day(day, precision),
        }


def _link(model, field_name, entries, targets):
    """Link each entry to the next target, round robin, through the many-to-many table."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        (
            through(**{own: entry.pk, other: target.pk})
            for entry, target in zip(entries, itertools.cycle(targets), strict=False)
        ),
        batch_size=BATCH,
    )


def _cite(citation_model, entries, sources, per_entry):
    pool = itertools.cycle(sources)
    rows = []
    for index, entry in enumerate(entries):
        count = 1 + (index % (2 * per_entry - 1)) if per_entry > 1 else 1  # averages per_entry
        chosen = []
        for source in pool:
            if source.pk not in {s.pk for s in chosen}:
                chosen.append(source)
            if len(chosen) == min(count, len(sources)):
                break
        rows.extend(
            citation_model(entry=entry, source=source, position=position)
            for position, source in enumerate(chosen, start=1)
        )
    citation_model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def build(scale: Scale, prefix: str = "syn") -> dict:
    """Write synthetic content of the given scale; returns what was made, for reports."""
    cycle = itertools.cycle
    new_actors = Actor.objects.bulk_create(
        (
            Actor(slug=f"{prefix}-actor-{i}", name=f"合成の関係者{i}", kind="government")
            for i in range(scale.actors)
        ),
        batch_size=BATCH,
    )
    actors = list(Actor.objects.exclude(pk__in=[a.pk for a in new_actors])) + new_actors
    new_places = Place.objects.bulk_create(
        (
            Place(slug=f"{prefix}-place-{i}", name=f"合成の場所{i}", kind="city")
            for i in range(scale.places)
        ),
        batch_size=BATCH,
    )
    places = list(Place.objects.exclude(pk__in=[p.pk for p in new_places])) + new_places
    sources = Source.objects.bulk_create(
        (
            Source(
                slug=f"{prefix}-source-{i}",
                title=f"合成の記事{i}: 北朝鮮兵の動向についての報道",
                work=("合成新聞", "合成通信", "合成放送")[i % 3],
                # After every synthetic entry's date: a source never predates what it reports.
                published_on=START + datetime.timedelta(days=1400 + i % 60),
                accessed_on=START + datetime.timedelta(days=1400 + i % 60 + 2),
            )
            for i in range(scale.sources)
        ),
        batch_size=BATCH,
    )
    events = Event.objects.bulk_create(
        (
            Event(
                slug=f"{prefix}-event-{i}",
                title=f"合成の出来事{i}",
                text=f"合成の出来事{i}の本文。関係者が発言し、部隊が移動したと報じられた。",
                kind=("statement", "deployment", "media_report", "diplomacy")[i % 4],
                **dates,
            )
            for i, dates in enumerate(_dates(scale.events))
        ),
        batch_size=BATCH,
    )
    _cite(EventCitation, events, sources, scale.citations)
    _link(Event, "actors", events, actors)
    _link(Event, "places", events, places)
    estimates = TroopEstimate.objects.bulk_create(
        (
            TroopEstimate(
                slug=f"{prefix}-estimate-{i}",
                claimant=actor,
                figure=1000 + (i * 37) % 20000,
                scope="sent",
                statement=f"合成の推定{i}: 約{1000 + (i * 37) % 20000}人",
                event=event if i % 2 else None,
                **dates,
            )
            for (i, dates), actor, event in zip(
                enumerate(_dates(scale.estimates, 1)), cycle(actors), cycle(events), strict=False
            )
        ),
        batch_size=BATCH,
    )
    _cite(EstimateCitation, estimates, sources, scale.citations)
    reactions = Reaction.objects.bulk_create(
        (
            Reaction(
                slug=f"{prefix}-reaction-{i}",
                group=ReactionGroup.values[i % 3],
                kind="statement",
                summary=f"合成の反応{i}。懸念を表明した。",
                quotation="懸念している" if i % 2 else "",
                **dates,
            )
            for i, dates in enumerate(_dates(scale.reactions, 2))
        ),
        batch_size=BATCH,
    )
    _cite(ReactionCitation, reactions, sources, scale.citations)
    _link(Reaction, "actors", reactions, actors)
    systems = WeaponSystem.objects.bulk_create(
        (
            WeaponSystem(
                slug=f"{prefix}-system-{i}",
                name=f"合成兵器{i}",
                category="ammunition",
                calibre_mm=100 + i % 100,
            )
            for i in range(scale.systems)
        ),
        batch_size=BATCH,
    )
    reports = WeaponReport.objects.bulk_create(
        (
            WeaponReport(
                slug=f"{prefix}-report-{i}",
                system=system,
                kind="sighted",
                evidence="photo",
                text=f"合成の報告{i}。写真で確認された。",
                **dates,
            )
            for (i, dates), system in zip(
                enumerate(_dates(scale.reports, 3)), cycle(systems), strict=False
            )
        ),
        batch_size=BATCH,
    )
    _cite(WeaponReportCitation, reports, sources, scale.citations)
    _link(WeaponReport, "places", reports, places)
    editor = _user("syn-editor")
    _history(
        [*new_actors, *new_places, *sources, *events, *estimates, *reactions, *systems, *reports],
        events,
        scale.versions,
        editor,
    )
    pending = _pending(events, scale.pending, editor)
    ContentVersion.bump()
    return {"events": events, "pending": pending, "editor": editor}


def _user(username):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    return user


def _history(new, events, count, user):
    """The published history of what was just made: the first publication of every entry
    in ``new``, then ``count`` versions spread over ``events`` (the first ones get the
    most), each one a publication and a django-reversion version, a microsecond apart,
    after everything published before."""
    latest = Publication.objects.aggregate(latest=Max("published_at"))["latest"]
    start = max(filter(None, (latest, timezone.now() - datetime.timedelta(microseconds=count))))
    moments = [start + datetime.timedelta(microseconds=i + 1) for i in range(count + 1)]
    # Each event's later versions, (moment, number), in order: each knows its successor's.
    later = {}
    for i in range(count if events else 0):
        event = events[i % len(events)]
        later.setdefault(event.pk, []).append((moments[i + 1], i // len(events) + 2))
    first, updates = [], []
    for entry, state in with_states(new):
        versions = later.get(entry.pk, []) if isinstance(entry, Event) else []
        first.append(
            Known(
                entry,
                state,
                version=1,
                when=moments[0],
                superseded_at=versions[0][0] if versions else None,
                summary="合成データ",
            )
        )
        for n, (moment, number) in enumerate(versions):
            updates.append(
                Known(
                    entry,
                    state,
                    action=PublicationAction.UPDATED,
                    version=number,
                    when=moment,
                    superseded_at=versions[n + 1][0] if n + 1 < len(versions) else None,
                    summary=f"合成の編集{number}",
                )
            )
    updates.sort(key=lambda publication: publication.when)
    publications_imported([*first, *updates])
    _versions(updates, user)
    # The live events carry their last version's number, as an approval leaves them.
    last = {}
    for pk, versions in later.items():
        last.setdefault(versions[-1][1], []).append(pk)
    for number, pks in last.items():
        Event.objects.filter(pk__in=pks).update(version=number)


def _versions(updates, user):
    """A django-reversion revision and version for each synthetic update."""
    revisions = Revision.objects.bulk_create(
        (
            Revision(date_created=update.when, user=user, comment=update.summary)
            for update in updates
        ),
        batch_size=BATCH,
    )
    event_type = ContentType.objects.get_for_model(Event)
    serialized = {}
    versions = []
    for update, revision in zip(updates, revisions, strict=True):
        event = update.entry
        if event.pk not in serialized:
            serialized[event.pk] = json.loads(serializers.serialize("json", [event]))
        data = serialized[event.pk]
        data[0]["fields"]["version"] = update.version
        versions.append(
            Version(
                revision=revision,
                object_id=str(event.pk),
                content_type=event_type,
                db="default",
                format="json",
                serialized_data=json.dumps(data, ensure_ascii=False),
                object_repr=str(event)[:200],
            )
        )
    Version.objects.bulk_create(versions, batch_size=BATCH)


def _pending(events, count, author):
    chosen = list(
        Event.objects.filter(pk__in=[e.pk for e in events[:count]])
        .prefetch_related("citations", "actors", "places")
        .order_by("pk")
    )
    event_type = ContentType.objects.get_for_model(Event)
    changes = []
    for event in chosen:
        state = state_of(event)
        proposed = json.loads(json.dumps(state))
        proposed["fields"]["title"] = event.title + "(修正案)"
        changes.append(
            ChangeRequest(
                content_type=event_type,
                object_id=event.pk,
                object_repr=str(event)[:200],
                action="update",
                proposed_state=proposed,
                base_state=state,
                base_version=event.version,
                summary=f"見出しの修正案 {event.pk}",
                author=author,
            )
        )
    return ChangeRequest.objects.bulk_create(changes, batch_size=BATCH)
