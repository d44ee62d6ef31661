import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.actors.models import Actor
from apps.core.dates import DatePrecision, FuzzyDate
from apps.events.models import Event

D = datetime.date


@pytest.mark.parametrize(
    ("fuzzy", "expected"),
    [
        (FuzzyDate(D(2024, 10, 18)), "2024年10月18日"),
        (FuzzyDate(D(2024, 8, 1), DatePrecision.MONTH, approximate=True), "2024年8月頃"),
        (FuzzyDate(D(2024, 12, 1), DatePrecision.MONTH), "2024年12月"),
        (FuzzyDate(D(2024, 1, 1), DatePrecision.YEAR), "2024年"),
        (FuzzyDate(D(2024, 7, 30), approximate=True), "2024年7月30日頃"),
        (FuzzyDate(D(2024, 10, 1), end=D(2024, 10, 15)), "2024年10月1日〜15日"),
        (FuzzyDate(D(2024, 10, 28), end=D(2024, 11, 3)), "2024年10月28日〜11月3日"),
        (FuzzyDate(D(2024, 12, 30), end=D(2025, 1, 2)), "2024年12月30日〜2025年1月2日"),
        (FuzzyDate(D(2024, 10, 1), DatePrecision.MONTH, end=D(2024, 11, 1)), "2024年10月〜11月"),
    ],
)
def test_japanese_display_keeps_the_precision(ja, fuzzy, expected):
    assert str(fuzzy) == expected


@pytest.mark.parametrize(
    ("fuzzy", "expected"),
    [
        (FuzzyDate(D(2024, 10, 18)), "Oct. 18, 2024"),
        (FuzzyDate(D(2024, 8, 1), DatePrecision.MONTH, approximate=True), "c. August 2024"),
        (FuzzyDate(D(2024, 1, 1), DatePrecision.YEAR), "2024"),
    ],
)
def test_english_display(en, fuzzy, expected):
    assert str(fuzzy) == expected


@pytest.mark.parametrize(
    ("fuzzy", "iso", "last_day"),
    [
        (FuzzyDate(D(2024, 10, 18)), "2024-10-18", D(2024, 10, 18)),
        (FuzzyDate(D(2024, 2, 1), DatePrecision.MONTH), "2024-02", D(2024, 2, 29)),
        (FuzzyDate(D(2024, 1, 1), DatePrecision.YEAR), "2024", D(2024, 12, 31)),
        (
            FuzzyDate(D(2024, 10, 1), DatePrecision.MONTH, end=D(2024, 11, 1)),
            "2024-10/2024-11",
            D(2024, 11, 30),
        ),
    ],
)
def test_iso_format_and_last_day(fuzzy, iso, last_day):
    assert fuzzy.isoformat() == iso
    assert fuzzy.last_day == last_day


def make_event(**fields):
    values = {
        "slug": "test-event",
        "date": D(2024, 10, 1),
        "date_precision": DatePrecision.DAY,
        "title": "見出し",
        "text": "本文。",
        "kind": "statement",
    }
    values.update(fields)
    return Event(**values)


@pytest.mark.django_db
def test_month_precision_must_be_stored_as_the_first(ja):
    event = make_event(date=D(2024, 8, 15), date_precision=DatePrecision.MONTH)
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "2024-08-01" in str(excinfo.value.message_dict["date"])


@pytest.mark.django_db
def test_end_before_start_is_refused_by_the_form_rules():
    event = make_event(date=D(2024, 10, 18), date_end=D(2024, 10, 1))
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "date_end" in excinfo.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"date": D(2024, 8, 15), "date_precision": DatePrecision.MONTH},
        {"date": D(2024, 3, 1), "date_precision": DatePrecision.YEAR},
        {"date_precision": "week"},
        {"date": D(2024, 10, 18), "date_end": D(2024, 10, 1)},
        {"kind": "rumour"},
        {"title": ""},
    ],
)
def test_database_refuses_bad_rows_that_bypass_validation(fields):
    event = make_event(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


@pytest.mark.django_db
def test_last_day_covered_is_derived_on_save():
    event = make_event(date=D(2024, 2, 1), date_precision=DatePrecision.MONTH)
    event.save()
    event.refresh_from_db()
    assert event.date_last == D(2024, 2, 29)


@pytest.mark.django_db
def test_filtering_by_overlap_finds_a_month_from_its_middle():
    august = Event.objects.get(slug="2024-08-offer-of-100000")
    middle = D(2024, 8, 15)
    found = Event.objects.filter(date__lte=middle, date_last__gte=middle)
    assert august in found


@pytest.mark.django_db
def test_an_actor_cannot_be_part_of_itself():
    actor = Actor.objects.get(slug="nis")
    actor.affiliation = actor
    with pytest.raises(IntegrityError), transaction.atomic():
        actor.save()


@pytest.mark.django_db
def test_validating_a_dated_entry_runs_no_failing_database_check(caplog):
    event = Event.objects.get(slug="2024-08-offer-of-100000")
    with caplog.at_level("WARNING", logger="django.db.models"):
        event.full_clean()
    assert not [r for r in caplog.records if "database error calling check()" in r.getMessage()]
