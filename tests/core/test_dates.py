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


# --- parts of a month, undated entries, relative dates (what the article writes) --------

from apps.core.dates import parse_typed_date, typed_date_text  # noqa: E402

D = datetime.date


@pytest.mark.parametrize(
    "typed, start, precision",
    [
        ("2024年10月上旬", D(2024, 10, 1), DatePrecision.PART),
        ("2024-10 中旬", D(2024, 10, 11), DatePrecision.PART),
        ("２０２４年１０月下旬", D(2024, 10, 21), DatePrecision.PART),
        ("early 2024-10", D(2024, 10, 1), DatePrecision.PART),
        ("報道 2024-10-18", D(2024, 10, 18), DatePrecision.UNDATED),
        ("reported 2024年10月18日", D(2024, 10, 18), DatePrecision.UNDATED),
    ],
)
def test_parts_of_a_month_and_undated_entries_are_typed_as_written(typed, start, precision):
    parsed = parse_typed_date(typed)
    assert (parsed.start, parsed.precision) == (start, precision)
    assert parse_typed_date(typed_date_text(parsed.start, parsed.precision)) == parsed


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2024上旬", "follow a month"),
        ("2024年10月18日上旬", "follow a month"),
        ("報道 2024-10", "the day it was reported"),
        ("報道 2024-10-18頃", "not approximate"),
    ],
)
def test_impossible_parts_and_undated_dates_say_what_is_wrong(en, typed, message):
    with pytest.raises(ValueError, match=message):
        parse_typed_date(typed)


@pytest.mark.parametrize(
    "fuzzy, ja_text, en_text, iso, last",
    [
        (FuzzyDate(D(2024, 10, 1), "part"), "2024年10月上旬", "early October 2024",
         "2024-10-01/2024-10-10", D(2024, 10, 10)),
        (FuzzyDate(D(2024, 2, 21), "part"), "2024年2月下旬", "late February 2024",
         "2024-02-21/2024-02-29", D(2024, 2, 29)),
        (FuzzyDate(D(2024, 10, 1), "part", end=D(2024, 10, 11)), "2024年10月上旬〜中旬",
         "early to mid October 2024", "2024-10-01/2024-10-20", D(2024, 10, 20)),
        (FuzzyDate(D(2024, 10, 18), "undated"), "報道 2024年10月18日",
         "reported Oct. 18, 2024", "", D(2024, 10, 18)),
    ],
)  # fmt: skip
def test_parts_of_a_month_and_undated_entries_display_as_written(
    fuzzy, ja_text, en_text, iso, last
):
    from django.utils import translation

    with translation.override("ja"):
        assert str(fuzzy) == ja_text
    with translation.override("en"):
        assert str(fuzzy) == en_text
    assert (fuzzy.isoformat(), fuzzy.last_day) == (iso, last)


@pytest.mark.django_db
def test_a_part_of_a_month_is_stored_as_its_first_day_and_undated_has_one_day(en):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    event.date, event.date_precision = D(2024, 10, 15), DatePrecision.PART
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "2024-10-11" in refused.value.message_dict["date"][0]
    event.date, event.date_precision, event.date_end = (
        D(2024, 10, 21),
        DatePrecision.UNDATED,
        D(2024, 10, 22),
    )
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "no end" in refused.value.message_dict["date_end"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(date_precision="undated", date_end=D(2024, 11, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(date_precision="part", date=D(2024, 10, 15))


@pytest.mark.django_db
def test_a_relative_date_needs_its_event_and_only_then(en):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    event.date_relative = "この前後から"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "date_relative_to" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(date_relative="この前後から")


@pytest.mark.django_db
def test_an_undated_entry_is_listed_and_filtered_by_the_day_it_was_reported(client):
    # 韓国当局…約1万2000人と推定した: undated, first reported on 2024-10-18 ([10]).
    inside = client.get("/?kind=estimate&date_after=2024-10-18&date_before=2024-10-18")
    assert "estimate-12000-total-korean-authorities" in inside.content.decode()
    outside = client.get("/?kind=estimate&date_after=2024-10-19&date_before=2024-10-31")
    assert "estimate-12000-total-korean-authorities" not in outside.content.decode()


def test_a_range_of_parts_across_months_reads_as_written():
    from django.utils import translation

    fuzzy = FuzzyDate(D(2024, 10, 21), "part", end=D(2024, 11, 1))
    with translation.override("ja"):
        assert str(fuzzy) == "2024年10月下旬〜11月上旬"
    assert fuzzy.machine == "2024-10/2024-11"


@pytest.mark.django_db
def test_the_end_of_a_part_range_is_a_part_too():
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(
            date_precision="part", date=D(2024, 10, 1), date_end=D(2024, 10, 15)
        )
