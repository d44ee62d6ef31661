import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.sources.models import Source
from apps.weapons.models import WeaponReport

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("check_content", *args, stdout=out)
    except CommandError:
        return out.getvalue(), 1
    return out.getvalue(), 0


def test_the_seed_reports_its_two_contradictions():
    output, status = run()
    assert status == 1
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 2
    assert "'nhk-20241129': accessed on 2024-11-10" in errors[0]
    assert "'kn-23-used-2024-06'" in errors[1]
    assert "'mainichi-20240112'" in errors[1]
    assert "2 error(s), 7 warning(s)." in output


def test_uncited_sentences_and_undated_reports_are_warnings():
    output, _ = run()
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    assert sum("citation needed" in line for line in warnings) == 4
    assert sum("has no date" in line for line in warnings) == 3


def test_fixing_the_errors_leaves_only_warnings():
    Source.objects.filter(slug="nhk-20241129").update(accessed_on="2024-12-10")
    WeaponReport.objects.filter(slug="kn-23-used-2024-06").update(
        date="2024-01-01", date_last="2024-01-31"
    )
    output, status = run()
    assert status == 0
    assert "0 error(s), 7 warning(s)." in output
    assert run("--strict")[1] == 1


def test_an_event_without_citation_is_an_error():
    from apps.events.models import Event

    Event.objects.get(slug="2024-10-21-peskov-contradictory").citations.all().delete()
    output, status = run()
    assert status == 1
    assert "ERROR   events.event '2024-10-21-peskov-contradictory': citation needed" in output


def test_a_source_nobody_cites_is_reported():
    source = Source.objects.get(slug="cnn-20241031")
    source.pk = None
    source.slug = "cnn-copy"
    source.save()
    output, _ = run()
    assert "'cnn-copy': never cited" in output
