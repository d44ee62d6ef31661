"""Content rules, defined once: check_content reports them; proposing and approval refuse them."""

import pytest
from django.core.exceptions import ValidationError

from apps.actors.models import Actor
from apps.claims import rules
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest, Status
from apps.moderation.state import state_of
from apps.sources.models import Source
from tests.conftest import propose, publish

from .conftest import admin_form_data, decide

pytestmark = pytest.mark.django_db


def test_corroborated_on_a_single_origin_is_refused_when_proposed_with_the_field_named(
    client, editor, en
):
    training = Event.objects.get(slug="2024-10-18-training-camp-video")  # all on one centre's word
    with pytest.raises(ValidationError) as refused:
        propose(training, editor, claim_status="corroborated")
    assert "corroborated, but every citation traces back to" in refused.value.messages[0]
    assert list(refused.value.message_dict) == ["claim_status"]

    client.force_login(editor)
    url = f"/admin/events/event/{training.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update(claim_status="corroborated", edit_summary="裏付けあり")
    response = client.post(url, data)
    assert "claim_status" in response.context["adminform"].form.errors
    assert not ChangeRequest.objects.exists()


def test_corroborated_on_a_single_origin_is_refused_at_approval(
    client, editor, other_editor, reviewer, en
):
    capture = Event.objects.get(slug="2025-01-09-two-soldiers-captured")  # Ukraine and Korea
    corroborated = propose(capture, editor, "二つの独立した情報源", claim_status="corroborated")

    # Meanwhile an approved change puts the Korean agency under Ukraine: one origin left.
    agency = Actor.objects.get(slug="nis")
    publish(
        agency,
        other_editor,
        reviewer,
        "所属の変更",
        affiliation=Actor.objects.get(slug="ukraine").pk,
    )

    with pytest.raises(services.RuleBroken) as refused:
        services.change_approve(
            change=corroborated, reviewer=reviewer, revision=corroborated.revision
        )
    message = str(refused.value)
    assert str(capture)[:20] in message and "corroborated, but every citation" in message
    corroborated.refresh_from_db()
    capture.refresh_from_db()
    assert corroborated.status == Status.PENDING and capture.claim_status == "confirmed"

    client.force_login(reviewer)
    page = client.get(corroborated.get_absolute_url()).content.decode()
    assert "すべての出典が" in page  # the reviewer sees the refusal before pressing approve
    decide(client, corroborated)
    corroborated.refresh_from_db()
    assert corroborated.status == Status.PENDING


def test_a_source_read_before_it_was_published_is_refused(editor, en):
    source = Source.objects.get(slug="nhk-20241110")
    with pytest.raises(ValidationError) as refused:
        propose(source, editor, accessed_on="2024-11-01")
    assert list(refused.value.message_dict) == ["accessed_on"]
    assert "before its publication" in refused.value.messages[0]


def test_an_entry_dated_after_a_source_it_cites_is_refused(editor, en):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    with pytest.raises(ValidationError) as refused:
        propose(event, editor, date="2024-12-01")
    assert list(refused.value.message_dict) == ["date"]


def test_check_content_and_approval_read_the_same_rules(editor, en):
    """The rule check_content reports is the one a proposal meets."""
    from apps.weapons.models import WeaponReport

    # Undated, listed by a day that is not its source's (2024-01-12).
    WeaponReport.objects.filter(slug="kn-23-used-2024-06").update(
        date="2024-02-01", date_last="2024-02-01"
    )
    subjects = rules.published_subjects()
    findings = {
        (s.entry_type.label, s.entry.slug): [p.message for p in rules.problems_of(s)]
        for s in subjects
    }
    report = findings[("weapons.weaponreport", "kn-23-used-2024-06")]
    entry = WeaponReport.objects.get(slug="kn-23-used-2024-06")
    with pytest.raises(ValidationError) as refused:
        services.change_propose(
            author=editor,
            model=WeaponReport,
            summary="本文の修正",
            state={**state_of(entry), "fields": {**state_of(entry)["fields"], "text": "修正"}},
            target=entry,
        )
    assert refused.value.message_dict["date"] == [m for m in report if "earliest source" in m]
    assert refused.value.message_dict["date"]


def test_a_change_to_a_source_that_would_break_the_entries_citing_it_is_refused(
    editor, reviewer, en
):
    source = Source.objects.get(slug="nhk-20241021")
    citing = Event.objects.get(citations__source=source)  # dated 2024-10-21
    change = propose(source, editor, "公開日の訂正", published_on="2024-10-01")
    with pytest.raises(services.RuleBroken) as refused:
        services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    assert str(citing)[:20] in str(refused.value) and "published earlier" in str(refused.value)
    source.refresh_from_db()
    assert str(source.published_on) == "2024-10-21"


def test_a_problem_the_entry_citing_it_already_had_does_not_block_the_source(editor, reviewer):
    """The KN-23 report is dated after this source in the article itself (check_content
    reports it); correcting the source's title must still be possible."""
    source = Source.objects.get(slug="mainichi-20240112")
    publish(source, editor, reviewer, "表記の訂正", title=source.title + "(訂正)")
    source.refresh_from_db()
    assert source.title.endswith("(訂正)")


def test_moving_an_actor_that_would_leave_a_corroboration_on_one_origin_is_refused(
    editor, other_editor, reviewer, en
):
    capture = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    publish(capture, editor, reviewer, "二つの独立した情報源", claim_status="corroborated")
    agency = Actor.objects.get(slug="nis")
    move = propose(
        agency, other_editor, "所属の変更", affiliation=Actor.objects.get(slug="ukraine").pk
    )
    with pytest.raises(services.RuleBroken, match="corroborated, but every citation"):
        services.change_approve(change=move, reviewer=reviewer, revision=move.revision)
    agency.refresh_from_db()
    assert agency.affiliation.slug != "ukraine"
