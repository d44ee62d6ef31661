"""``__any_of``: the same rows as ``__in`` on both engines (one array parameter on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.actors.models import Actor
from apps.events.models import Event, EventCitation

pytestmark = pytest.mark.django_db

AWKWARD = ['quote " and comma ,', "brace { } and backslash \\", "NULL", "", "  space  ", "日本語"]


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


def test_text_values_survive_the_array_literal():
    for index, name in enumerate(AWKWARD):
        Actor.objects.create(slug=f"awkward-{index}", name=name or "-", kind="other", role=name)
    awkward = Actor.objects.filter(slug__startswith="awkward-")
    found = awkward.filter(role__any_of=AWKWARD).values_list("role", flat=True)
    assert sorted(found) == sorted(AWKWARD)
    assert not awkward.filter(role__any_of=["quote", "{}", "NULL "]).exists()


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
