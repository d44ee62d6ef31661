"""The moderation services: the only write path of editorial content."""

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from apps.actors.models import Actor
from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.merge import OURS
from apps.moderation.models import Action, ChangeRequest, Status
from apps.moderation.state import state_of
from apps.sources.models import Source

pytestmark = pytest.mark.django_db


def edited(entry, **fields):
    state = state_of(entry)
    state["fields"].update(fields)
    return state


@pytest.fixture
def event():
    return Event.objects.get(slug="2024-10-21-peskov-contradictory")


def propose_title(event, author, title="ペスコフ報道官が韓国の発表を批判"):
    return services.change_propose(
        author=author,
        model=Event,
        summary="見出しの修正",
        state=edited(event, title=title),
        target=event,
    )


def test_a_proposal_leaves_the_published_entry_alone(event, editor):
    change = propose_title(event, editor)
    event.refresh_from_db()
    assert event.title == "ペスコフ報道官、韓国の発表は「食い違っている情報が多い」"
    assert change.status == Status.PENDING
    assert change.action == Action.UPDATE
    assert change.base_version == 1
    assert change.base_state["fields"]["title"] == event.title
    citation = event.citations.get()
    assert change.proposed_state["citations"] == [
        {
            "source": citation.source_id,
            "via": citation.via_id,
            "via_note": citation.via_note,
            "anchors": "",
            "editor_note": "",
        }
    ]
    assert Version.objects.get_for_object(event).count() == 1


def test_approval_publishes_and_records_a_revision(event, editor, reviewer):
    change = propose_title(event, editor)
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)

    event.refresh_from_db()
    assert event.title == "ペスコフ報道官が韓国の発表を批判"
    assert event.version == 2
    latest = Version.objects.get_for_object(event).first()
    assert latest.revision.user == editor
    assert latest.revision.comment == "見出しの修正"
    assert latest.revision.publication.reviewer == reviewer
    assert latest.revision.publication.change_request == change
    assert latest.field_dict["title"] == event.title
    change.refresh_from_db()
    assert (change.status, change.reviewer, change.decided_at is not None) == (
        Status.APPROVED,
        reviewer,
        True,
    )


def test_approval_writes_links_and_citations_in_the_proposed_order(event, editor, reviewer):
    state = state_of(event)
    sources = list(Source.objects.filter(slug__in=["nhk-20241023", "nhk-20241021"]))
    state["citations"] = [{"source": sources[1].pk}, {"source": sources[0].pk}]
    state["m2m"]["actors"] = [Actor.objects.get(slug="peskov").pk]
    change = services.change_propose(
        author=editor, model=Event, summary="出典を差し替え", state=state, target=event
    )
    services.change_approve(
        change=change, revision=change.revision, reviewer=reviewer, not_substantive="同じ報道"
    )
    assert list(event.citations.values_list("source_id", flat=True)) == [
        sources[1].pk,
        sources[0].pk,
    ]
    assert list(event.actors.values_list("slug", flat=True)) == ["peskov"]
    stored = Version.objects.get_for_object(event).first().revision.version_set
    assert stored.filter(content_type__model="eventcitation").count() == 2


def test_nobody_approves_their_own_change(event, reviewer, en):
    change = propose_title(event, reviewer)
    with pytest.raises(services.NotAllowed, match="four-eyes"):
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    change.refresh_from_db()
    assert change.status == Status.PENDING


def test_a_setting_allows_self_approval_for_small_teams(event, reviewer, settings):
    settings.MODERATION_ALLOW_SELF_APPROVAL = True
    services.change_approve(change=propose_title(event, reviewer), reviewer=reviewer, revision=1)
    event.refresh_from_db()
    assert event.version == 2


def test_editors_cannot_approve(event, editor, other_editor):
    with pytest.raises(services.NotAllowed):
        services.change_approve(
            change=propose_title(event, editor), reviewer=other_editor, revision=1
        )


def test_rejection_needs_a_reason_which_the_author_sees(event, editor, reviewer):
    change = propose_title(event, editor)
    with pytest.raises(ValidationError):
        services.change_reject(
            change=change, revision=change.revision, reviewer=reviewer, reason="  "
        )
    services.change_reject(
        change=change, revision=change.revision, reviewer=reviewer, reason="出典と異なる表現です。"
    )
    change.refresh_from_db()
    assert (change.status, change.decision_note) == (Status.REJECTED, "出典と異なる表現です。")
    event.refresh_from_db()
    assert event.version == 1


def test_withdrawal_by_the_author_only(event, editor, other_editor):
    change = propose_title(event, editor)
    with pytest.raises(services.NotAllowed):
        services.change_withdraw(change=change, user=other_editor)
    services.change_withdraw(change=change, user=editor)
    change.refresh_from_db()
    assert change.status == Status.WITHDRAWN


def test_a_decided_change_cannot_be_decided_again(event, editor, reviewer, other_reviewer, en):
    change = propose_title(event, editor)
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    with pytest.raises(services.AlreadyDecided, match="bob"):
        services.change_approve(change=change, revision=change.revision, reviewer=other_reviewer)
    with pytest.raises(services.AlreadyDecided):
        services.change_reject(
            change=change, revision=change.revision, reviewer=other_reviewer, reason="遅すぎた"
        )


def test_a_stale_change_is_refused_and_kept_until_merged(event, editor, other_editor, reviewer, en):
    first = propose_title(event, editor, "ペスコフ報道官、韓国発表に疑義")
    second = propose_title(event, other_editor, "ロシア大統領府、韓国の発表に反論")
    services.change_approve(change=first, revision=first.revision, reviewer=reviewer)

    with pytest.raises(services.Conflict, match="version 1, now 2"):
        services.change_approve(change=second, revision=second.revision, reviewer=reviewer)
    second.refresh_from_db()
    assert second.status == Status.PENDING
    event.refresh_from_db()
    assert event.title == "ペスコフ報道官、韓国発表に疑義"

    # Both changed the title: the merge is the author's explicit choice.
    merged = services.change_merge(
        change=second,
        author=other_editor,
        summary="最新版に合わせて修正",
        choices={"title": (OURS, None)},
        revision=second.revision,
        seen_version=2,
    )
    assert (merged.base_version, merged.revision) == (2, 2)
    services.change_approve(change=merged, revision=merged.revision, reviewer=reviewer)
    event.refresh_from_db()
    assert (event.title, event.version) == ("ロシア大統領府、韓国の発表に反論", 3)


def test_only_the_author_revises(event, editor, other_editor):
    change = propose_title(event, editor)
    with pytest.raises(services.NotAllowed):
        services.change_revise(
            change=change, author=other_editor, summary="x", state=edited(event), revision=1
        )


def test_citation_needed_when_proposing_and_at_approval(event, editor, reviewer, en):
    state = edited(event, title="出典のない出来事")
    state["citations"] = []
    with pytest.raises(ValidationError, match="citation needed") as refused:
        services.change_propose(
            author=editor, model=Event, summary="出典を外す", state=state, target=event
        )
    assert list(refused.value.message_dict) == ["citations"]
    change = propose_title(event, editor)
    change.proposed_state["citations"] = []  # as if a source was unpublished meanwhile
    change.save(update_fields=["proposed_state"])
    with pytest.raises(services.RuleBroken, match="citation needed"):
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert event.citations.count() == 1


def test_a_proposal_that_changes_nothing_is_refused(event, editor, en):
    with pytest.raises(ValidationError, match="changes nothing"):
        services.change_propose(
            author=editor, model=Event, summary="何もしない", state=state_of(event), target=event
        )
    assert not ChangeRequest.objects.exists()


def test_an_edit_summary_is_required(event, editor):
    with pytest.raises(ValidationError):
        services.change_propose(
            author=editor, model=Event, summary=" ", state=edited(event, title="新"), target=event
        )


def test_invalid_states_are_refused_with_the_field_named(event, editor, en):
    cases = [
        ({"date": "2024-08-15", "date_precision": "month"}, "date"),
        ({"kind": "rumour"}, "kind"),
        ({"title": ""}, "title"),
        ({"date_end": "2024-10-01"}, "date_end"),
        ({"slug": "2024-10-18-training-camp-video"}, "slug"),
    ]
    for fields, name in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.change_propose(
                author=editor,
                model=Event,
                summary="壊す",
                state=edited(event, **fields),
                target=event,
            )
        assert name in excinfo.value.message_dict, fields
    state = state_of(event)
    state["citations"] = [{"source": state["citations"][0]["source"]}] * 2
    with pytest.raises(ValidationError, match="cited twice"):
        services.change_propose(
            author=editor, model=Event, summary="重複", state=state, target=event
        )
    assert not ChangeRequest.objects.exists()


def test_a_new_entry_is_created_on_approval_only(editor, reviewer):
    template = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(template)
    state["fields"].update(slug="", title="新しい出来事", date="2024-10-20")
    change = services.change_propose(author=editor, model=Event, summary="追加", state=state)
    assert change.object_id is None
    assert change.proposed_state["fields"]["slug"] == "event-2024-10-20"
    assert not Event.objects.filter(title="新しい出来事").exists()

    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    created = Event.objects.get(title="新しい出来事")
    change.refresh_from_db()
    assert change.object_id == created.pk
    assert created.version == 1
    assert Version.objects.get_for_object(created).count() == 1


def test_deletion_is_refused_while_other_entries_refer_to_it(editor, en):
    kirby = Actor.objects.get(slug="john-kirby")
    with pytest.raises(ValidationError, match="troop estimate"):
        services.change_propose_deletion(author=editor, target=kirby, summary="削除")
    cited = Source.objects.get(slug="nhk-20241021")
    citing = Event.objects.get(citations__source=cited)
    with pytest.raises(ValidationError) as refused:
        services.change_propose_deletion(author=editor, target=cited, summary="削除")
    assert f"event: {citing}" in refused.value.messages[0]  # the citing entry, not "#1: source"


def test_delete_then_recover(editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    pk = estimate.pk
    change = services.change_propose_deletion(
        author=editor, target=estimate, summary="重複のため削除"
    )
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert not TroopEstimate.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(TroopEstimate)
    assert [v.object_id for v in deleted] == [str(pk)]
    recovery = services.change_propose_restore(author=editor, version=deleted.get(), summary="復元")
    assert recovery.action == Action.CREATE
    assert recovery.object_id == pk
    services.change_approve(change=recovery, revision=recovery.revision, reviewer=reviewer)
    restored = TroopEstimate.objects.get(pk=pk)
    assert restored.figure == 13000
    assert restored.version == 2
    assert list(restored.citations.values_list("source__slug", flat=True)) == ["cnn-20241031"]
    assert not Version.objects.get_deleted(TroopEstimate).exists()


def test_restore_an_old_version_is_a_proposal(event, editor, other_editor, reviewer):
    original_title = event.title
    services.change_approve(change=propose_title(event, editor), reviewer=reviewer, revision=1)
    first = Version.objects.get_for_object(event).last()
    restore = services.change_propose_restore(
        author=other_editor, version=first, summary="元に戻す"
    )
    event.refresh_from_db()
    assert event.title != original_title
    assert restore.restored_from == first
    services.change_approve(change=restore, revision=restore.revision, reviewer=reviewer)
    event.refresh_from_db()
    assert (event.title, event.version) == (original_title, 3)


def test_a_tampered_proposal_is_refused_at_approval_and_kept(event, editor, reviewer):
    change = propose_title(event, editor)
    change.proposed_state["fields"]["kind"] = "rumour"
    change.save(update_fields=["proposed_state"])
    with pytest.raises(ValidationError):
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    change.refresh_from_db()
    event.refresh_from_db()
    assert change.status == Status.PENDING
    assert (event.kind, event.version) == ("statement", 1)


def test_a_deletion_the_entry_moved_on_from_is_merged_by_basing_it_on_the_published_version(
    editor, other_editor, reviewer
):
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    deletion = services.change_propose_deletion(author=editor, target=estimate, summary="削除")
    state = state_of(estimate)
    state["fields"]["statement"] = "韓国は約1万3000人と推定した"
    services.change_approve(
        change=services.change_propose(
            author=other_editor, model=TroopEstimate, summary="表現", state=state, target=estimate
        ),
        reviewer=reviewer,
        revision=1,
    )
    with pytest.raises(services.Conflict):
        services.change_approve(change=deletion, reviewer=reviewer, revision=1)
    merged = services.change_merge(
        change=deletion, author=editor, summary="削除", choices={}, revision=1, seen_version=2
    )
    assert (merged.base_version, merged.revision) == (2, 2)
    services.change_approve(change=merged, reviewer=reviewer, revision=2)
    assert not TroopEstimate.objects.filter(pk=estimate.pk).exists()


def test_merging_alone_does_not_resubmit_a_change_sent_back(event, editor, other_editor, reviewer):
    sent_back = propose_title(event, editor, "差し戻される見出し")
    services.change_request_changes(
        change=sent_back, reviewer=reviewer, revision=1, note="出典を確認してください"
    )
    state = edited(event, text="本文の修正。")
    services.change_approve(
        change=services.change_propose(
            author=other_editor, model=Event, summary="本文", state=state, target=event
        ),
        reviewer=reviewer,
        revision=1,
    )
    merged = services.change_merge(
        change=sent_back, author=editor, summary="統合", choices={}, revision=1, seen_version=2
    )
    assert merged.status == Status.CHANGES_REQUESTED  # still with its author
    revised = services.change_revise(
        change=merged,
        author=editor,
        summary="出典を確認した",
        state=merged.proposed_state,
        revision=merged.revision,
    )
    assert revised.status == Status.PENDING


def test_an_author_who_lost_editing_rights_cannot_revise(event, editor):
    change = propose_title(event, editor)
    editor.groups.clear()
    editor = type(editor).objects.get(pk=editor.pk)  # permissions as they are now
    with pytest.raises(services.NotAllowed):
        services.change_revise(
            change=change, author=editor, summary="x", state=edited(event, title="y"), revision=1
        )


def test_a_state_read_before_a_publication_is_merged_not_written_over_it(
    event, editor, other_editor, reviewer
):
    """A caller that read the entry, then proposes after someone else published: the
    proposal is an edit of what the caller read, not a revert of what was published."""
    read_earlier = Event.objects.get(pk=event.pk)
    state = edited(read_earlier, text="後から提案された本文。")
    services.change_approve(
        change=propose_title(event, editor, "先の見出し"), reviewer=reviewer, revision=1
    )
    change = services.change_propose(
        author=other_editor, model=Event, summary="本文", state=state, target=read_earlier
    )
    assert change.base_version == 2 and change.revision == 2  # merged by itself
    services.change_approve(change=change, reviewer=reviewer, revision=2)
    event.refresh_from_db()
    assert (event.title, event.text) == ("先の見出し", "後から提案された本文。")
