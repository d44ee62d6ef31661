import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.sources.models import Source

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
    # The article's own: [28] is read (閲覧日) before it was published. KN-23's "この前後から"
    # no longer contradicts its source: the report is undated, listed by that source's day.
    assert len(errors) == 1
    assert "'nhk-20241129': accessed on 2024-11-10" in errors[0]
    assert "1 error(s), 4 warning(s)." in output


def test_uncited_sentences_and_undated_reports_are_warnings():
    output, _ = run()
    warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
    # 4 sentences the article cites nothing for: lead-2, background-1, weapons-1, weapons-2.
    assert sum("citation needed" in line for line in warnings) == 4
    assert len(warnings) == 4


def test_fixing_the_errors_leaves_only_warnings():
    Source.objects.filter(slug="nhk-20241129").update(accessed_on="2024-12-10")
    output, status = run()
    assert status == 0
    assert "0 error(s), 4 warning(s)." in output
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


def test_check_content_reports_what_the_article_does_not_say():
    from apps.article.models import Passage
    from apps.events.models import Event, EventCitation, TroopEstimate

    # A day only the source's publication gives: the text names no day.
    TroopEstimate.objects.filter(slug="13000-total-south-korea").update(date_precision="day")
    # A figure no estimate records.
    Event.objects.filter(slug="2024-10-21-peskov-contradictory").update(
        text="21日、ペスコフ報道官は約5,000人という数字を否定した。"
    )
    # A rank with no basis, and a basis that quotes no text.
    TroopEstimate.objects.filter(slug="13000-total-south-korea").update(claim_rank="preferred")
    TroopEstimate.objects.filter(slug="10000-total-united-states-revised").update(
        claim_note="アメリカが最新の推定として採用"
    )
    # A marker after words the text does not have.
    EventCitation.objects.filter(entry__slug="2024-10-22-healey-hundreds").update(
        anchors="存在しない語句"
    )
    # Two dated entries of one paragraph in the wrong order.
    course = {p.slug: p for p in Passage.objects.filter(section="course")}
    first = course["course-2024-10-21-peskov-contradictory"]
    later = course["course-2024-10-22-healey-hundreds"]
    Passage.objects.filter(pk=first.pk).update(position=999)
    Passage.objects.filter(pk=later.pk).update(position=first.position)
    Passage.objects.filter(pk=first.pk).update(position=later.position)
    output, _ = run()
    assert "'13000-total-south-korea': dated 2024-10-31, the day a source" in output
    assert "preferred, without a basis" in output
    assert (
        "'10000-total-united-states-revised': its basis “アメリカが最新の推定として採用” is no"
        in output
    )
    assert "“5,000人” in its text is no troop estimate" in output
    assert "follows “存在しない語句”, which the text does not have" in output
    assert "placed after 'course-2024-10-22-healey-hundreds'" in output
