"""A broken fixture fails with a message naming the object, and loads nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from reversion.models import Revision, Version

from apps.events.models import Event, EventCitation

pytestmark = pytest.mark.django_db

GOOD_EVENT = {
    "model": "events.event",
    "fields": {
        "slug": "fixture-good-event",
        "date": "2024-10-30",
        "date_precision": "day",
        "date_approximate": False,
        "title": "正しい出来事",
        "text": "この出来事は正しい。",
        "kind": "statement",
    },
}


def bad_event(**changes):
    fields = {**GOOD_EVENT["fields"], "slug": "fixture-bad-event", "title": "壊れた出来事"}
    fields.update(changes)
    return {"model": "events.event", "fields": {k: v for k, v in fields.items() if v is not ...}}


def load(tmp_path, objects):
    path = tmp_path / "broken.json"
    path.write_text(objects if isinstance(objects, str) else json.dumps(objects), encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)


@pytest.fixture
def unchanged():
    before = (
        Event.objects.count(),
        EventCitation.objects.count(),
        Revision.objects.count(),
        Version.objects.count(),
    )
    yield
    after = (
        Event.objects.count(),
        EventCitation.objects.count(),
        Revision.objects.count(),
        Version.objects.count(),
    )
    assert after == before
    assert not Event.objects.filter(slug="fixture-good-event").exists()


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            {
                "model": "events.eventcitation",
                "fields": {
                    "entry": ["fixture-good-event"],
                    "source": ["no-such-source"],
                    "position": 1,
                },
            },
            "field 'source': no sources.source with key ['no-such-source']",
        ),
        (bad_event(date_precision="week"), "date_precision"),
        (bad_event(title=...), "title"),
        (bad_event(title=""), "title"),
        (bad_event(date="2024-02-30"), "field 'date'"),
        (bad_event(kind="rumour"), "kind"),
        (bad_event(date="2024-08-15", date_precision="month"), "2024-08-01"),
        (bad_event(colour="red"), "unknown field 'colour'"),
        (bad_event(actors=[["nobody"]]), "field 'actors': no actors.actor with key ['nobody']"),
    ],
)
def test_broken_object_is_named_and_nothing_is_loaded(tmp_path, unchanged, broken, expected):
    with pytest.raises((CommandError, DeserializationError)) as excinfo:
        load(tmp_path, [GOOD_EVENT, broken])
    message = str(excinfo.value)
    assert expected in message
    assert "fixture-bad-event" in message or "fixture-good-event" in message


def test_malformed_json_says_where(tmp_path, unchanged):
    with pytest.raises(DeserializationError, match="line 1, column"):
        load(tmp_path, '[{"model": "events.event", ')


def test_unknown_model_is_named(tmp_path, unchanged):
    with pytest.raises(DeserializationError, match=r"unknown model 'events\.battle'"):
        load(tmp_path, [GOOD_EVENT, {"model": "events.battle", "fields": {}}])


def test_wrong_shape_is_refused(tmp_path, unchanged):
    with pytest.raises(DeserializationError, match="object #2"):
        load(tmp_path, [GOOD_EVENT, ["not", "an", "object"]])


def actor(slug, affiliation=None):
    return {
        "model": "actors.actor",
        "fields": {"slug": slug, "name": slug, "kind": "government", "affiliation": affiliation},
    }


def test_an_actor_may_come_before_the_one_it_belongs_to(tmp_path):
    from apps.actors.models import Actor

    load(
        tmp_path,
        [
            actor("fixture-unit", ["fixture-ministry"]),
            actor("fixture-ministry", ["fixture-state"]),
            actor("fixture-state"),
        ],
    )
    unit = Actor.objects.get(slug="fixture-unit")
    assert (unit.affiliation.slug, unit.root.slug) == ("fixture-ministry", "fixture-state")


def test_an_actor_belonging_to_no_known_actor_is_named_and_nothing_is_loaded(tmp_path):
    from apps.actors.models import Actor

    with pytest.raises(CommandError) as excinfo:
        load(tmp_path, [actor("fixture-ministry"), actor("fixture-unit", ["nowhere"])])
    assert str(excinfo.value) == (
        "actors.actor ('fixture-unit',): field 'affiliation': no actors.actor with key "
        "['nowhere'] in the database or the fixture; nothing was loaded."
    )
    assert not Actor.objects.filter(slug__startswith="fixture-").exists()


def test_actors_linked_into_a_circle_are_refused_and_nothing_is_loaded(tmp_path):
    from apps.actors.models import Actor

    with pytest.raises(CommandError, match="circle"):
        load(tmp_path, [actor("fixture-a", ["fixture-b"]), actor("fixture-b", ["fixture-a"])])
    assert not Actor.objects.filter(slug__startswith="fixture-").exists()


def test_an_error_before_the_late_links_is_reported_as_it_is(tmp_path):
    broken = actor("fixture-ministry")
    broken["fields"]["colour"] = "red"
    with pytest.raises((CommandError, DeserializationError)) as excinfo:
        load(tmp_path, [actor("fixture-unit", ["fixture-state"]), broken, actor("fixture-state")])
    assert "unknown field 'colour'" in str(excinfo.value)
