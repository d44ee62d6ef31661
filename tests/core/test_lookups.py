"""``__any_of``: the same rows as ``__in`` on both engines (one array parameter on
PostgreSQL), for integer columns only."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from apps.actors.models import Actor
from apps.events.models import Event, EventCitation

pytestmark = pytest.mark.django_db


def test_ids_and_foreign_keys_match_in():
    ids = list(Event.objects.values_list("pk", flat=True)[:5])
    asked = [*ids, ids[0], None, 10**12]
    assert sorted(Event.objects.filter(pk__any_of=asked).values_list("pk", flat=True)) == sorted(
        Event.objects.filter(pk__in=asked).values_list("pk", flat=True)
    )
    by_entry = EventCitation.objects.filter(entry_id__any_of=ids).values_list("pk", flat=True)
    assert set(by_entry) == set(
        EventCitation.objects.filter(entry_id__in=ids).values_list("pk", flat=True)
    )
    assert by_entry


def test_model_instances_and_expressions_are_accepted_like_in():
    events = list(Event.objects.order_by("pk")[:2])
    by_instance = EventCitation.objects.filter(entry__any_of=events)
    assert set(by_instance) == set(EventCitation.objects.filter(entry__in=events))
    by_expression = Event.objects.filter(pk__any_of=[F("pk")]).count()
    assert by_expression == Event.objects.count()


def test_only_integer_columns_have_it():
    # A cast to varchar(n)[] would truncate what is compared: text keeps ``__in``.
    with pytest.raises(FieldError, match="any_of"):
        Actor.objects.filter(slug__any_of=["north-korea"])


def test_nothing_asked_runs_no_query():
    with CaptureQueriesContext(connection) as captured:
        assert list(Event.objects.filter(pk__any_of=[None])) == []
    assert len(captured) == 0


def test_postgresql_sends_one_array_parameter():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes IN (…)")
    ids = list(Event.objects.values_list("pk", flat=True)[:3])
    sql, params = Event.objects.filter(pk__any_of=ids).query.sql_with_params()
    assert "= ANY(%s::bigint[])" in sql
    assert params == (ids,)
