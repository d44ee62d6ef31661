"""Changesets: a new source, the event citing it and the figure it gives, proposed,
reviewed and published as one — all of it in one transaction, or none of it."""

import pytest
from django.core.exceptions import ValidationError
from reversion.models import Version

from apps.core.models import ContentVersion
from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.models import ChangeRequest, Changeset, PublicationMeta, Status
from apps.moderation.publishing import provisional_id
from apps.moderation.state import state_of
from apps.sources.models import Source
from tests.conftest import publish

from .changesets import (
    NEW_EVENT_TITLE,
    NEW_TITLE,
    event_state,
    report_development,
    source_state,
    submitted_development,
)


def test_the_entries_of_a_draft_refer_to_each_other_before_anything_is_published(editor):
    changeset, source, event, estimate = report_development(editor)
    assert changeset.status == Status.DRAFT and changeset.author == editor
    assert [c.status for c in (source, event, estimate)] == [Status.DRAFT] * 3
    assert event.proposed_state["citations"][0]["source"] == provisional_id(source)
    assert estimate.proposed_state["fields"]["event"] == provisional_id(event)
    # Named by what they will be, though nothing is published.
    assert (
        event.object_repr.startswith(NEW_EVENT_TITLE[:10]) or NEW_EVENT_TITLE in event.object_repr
    )
    assert NEW_TITLE[:8] in changeset.object_repr
    assert not Source.objects.filter(title=NEW_TITLE).exists()
    assert not Event.objects.filter(title=NEW_EVENT_TITLE).exists()
    # Nobody reviews a draft.
    assert not ChangeRequest.objects.pending().exists()
    assert not Changeset.objects.pending().exists()


def test_a_changeset_is_approved_atomically_with_one_version_per_entry(editor, reviewer):
    changeset, source, event, estimate = submitted_development(editor)
    before = ContentVersion.current()[0]

    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)

    assert ContentVersion.current()[0] == before + 1  # one content version for the whole
    new_source = Source.objects.get(title=NEW_TITLE)
    new_event = Event.objects.get(title=NEW_EVENT_TITLE)
    new_estimate = TroopEstimate.objects.get(statement="約3000人", date="2024-12-01")
    # The provisional ids became the ids the entries got.
    assert [c.source_id for c in new_event.citations.all()] == [new_source.pk]
    assert new_estimate.event_id == new_event.pk
    assert [c.source_id for c in new_estimate.citations.all()] == [new_source.pk]
    for change, entry in ((source, new_source), (event, new_event), (estimate, new_estimate)):
        change.refresh_from_db()
        assert change.status == Status.APPROVED and change.reviewer == reviewer
        assert change.object_id == entry.pk
        (version,) = Version.objects.get_for_object(entry)
        assert version.revision.user == editor
        assert version.revision.comment == "12月1日の新しい展開を追加"
        meta = PublicationMeta.objects.get(revision=version.revision)
        assert meta.reviewer == reviewer and meta.change_request == change
    assert event.proposed_state["citations"][0]["source"] == new_source.pk
    changeset.refresh_from_db()
    assert changeset.status == Status.APPROVED and changeset.reviewer == reviewer


def published_source(editor, reviewer, published_on):
    """An article no published entry cites yet."""
    change = services.change_propose(
        author=editor,
        model=Source,
        summary="別の記事",
        state=source_state(
            title="別の記事", url="https://example.org/other", published_on=published_on
        ),
    )
    services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    return Source.objects.get(title="別の記事")


def also_citing(editor, event, source, date):
    """The event of the changeset, dated ``date``, cites ``source`` too."""
    state = event.proposed_state
    state["fields"]["date"] = date
    state["citations"].append(
        {"source": source.pk, "via": None, "via_note": "", "anchors": "", "editor_note": ""}
    )
    return services.change_revise(
        change=event, author=editor, summary="二つ目の出典", state=state, revision=event.revision
    )


def test_a_changeset_failing_on_its_second_entry_publishes_nothing(
    editor, other_editor, reviewer, en
):
    """The event also cites a published article; while the changeset waits, that article's
    date is corrected to a day before the event: the event now breaks a content rule at
    approval, after the new source was written. Nothing of the changeset stays."""
    other = published_source(other_editor, reviewer, "2024-11-30")
    changeset, _source, event, _estimate = report_development(editor)
    also_citing(editor, event, other, "2024-11-30")
    changeset = services.changeset_submit(changeset=changeset, author=editor, summary="展開")
    publish(other, other_editor, reviewer, "日付の訂正", published_on="2024-11-29")
    before = ContentVersion.current()[0]
    versions = Version.objects.count()

    with pytest.raises(services.RuleBroken, match=NEW_EVENT_TITLE[:6]):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )

    assert not Source.objects.filter(title=NEW_TITLE).exists()
    assert not Event.objects.filter(title=NEW_EVENT_TITLE).exists()
    assert ContentVersion.current()[0] == before
    assert Version.objects.count() == versions
    changeset.refresh_from_db()
    assert changeset.status == Status.PENDING
    assert set(changeset.changes.values_list("status", flat=True)) == {Status.PENDING}


def test_a_member_is_not_decided_on_its_own(editor, reviewer, en):
    _changeset, source, *_ = submitted_development(editor)
    with pytest.raises(services.NotAllowed, match="part of changeset"):
        services.change_approve(change=source, reviewer=reviewer, revision=source.revision)
    with pytest.raises(services.NotAllowed, match="part of changeset"):
        services.change_reject(change=source, reviewer=reviewer, revision=1, reason="違う")
    with pytest.raises(services.NotAllowed, match="part of changeset"):
        services.change_claim(change=source, reviewer=reviewer)
    assert not Source.objects.filter(title=NEW_TITLE).exists()


def test_four_eyes_claims_and_revisions_hold_for_a_changeset(editor, reviewer, other_reviewer, en):
    changeset, _source, event, _estimate = submitted_development(editor)
    with pytest.raises(services.NotAllowed, match="Only reviewers"):
        services.changeset_approve(changeset=changeset, reviewer=editor, revision=1)
    services.changeset_claim(changeset=changeset, reviewer=other_reviewer)
    with pytest.raises(services.Claimed):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )
    services.changeset_release(changeset=changeset, reviewer=other_reviewer)
    seen = changeset.revision
    # The author revises one entry after the reviewer loaded the page.
    state = event.proposed_state
    state["fields"]["title"] = "北朝鮮兵の新たな展開(改訂)"
    services.change_revise(
        change=event, author=editor, summary="見出し", state=state, revision=event.revision
    )
    changeset.refresh_from_db()
    assert changeset.revision == seen + 1 and changeset.status == Status.PENDING
    with pytest.raises(services.Revised):
        services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=seen)
    assert not Event.objects.filter(title__startswith="北朝鮮兵の新たな展開").exists()
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=seen + 1)
    assert Event.objects.filter(title="北朝鮮兵の新たな展開(改訂)").exists()


def test_nobody_approves_their_own_changeset(reviewer, en):
    changeset, *_ = submitted_development(reviewer)
    with pytest.raises(services.NotAllowed, match="four-eyes"):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )
    assert not Source.objects.filter(title=NEW_TITLE).exists()


def test_sent_back_revised_and_resubmitted_as_a_whole(editor, reviewer, en):
    changeset, _source, event, _estimate = submitted_development(editor)
    services.changeset_request_changes(
        changeset=changeset, reviewer=reviewer, revision=changeset.revision, note="見出しを直して"
    )
    changeset.refresh_from_db()
    assert changeset.status == Status.CHANGES_REQUESTED
    assert set(changeset.changes.values_list("status", flat=True)) == {Status.CHANGES_REQUESTED}
    state = event.proposed_state
    state["fields"]["title"] = "見出しを直した"
    services.change_revise(
        change=event, author=editor, summary="見出し", state=state, revision=event.revision
    )
    changeset.refresh_from_db()
    assert changeset.status == Status.CHANGES_REQUESTED  # resubmitted by the author, as a whole
    with pytest.raises(services.AlreadyDecided):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )
    services.changeset_submit(changeset=changeset, author=editor, summary=changeset.summary)
    changeset.refresh_from_db()
    assert changeset.status == Status.PENDING
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    assert Event.objects.filter(title="見出しを直した").exists()


def test_a_rejected_changeset_rejects_every_entry_with_the_reason(editor, reviewer, en):
    changeset, *changes = submitted_development(editor)
    with pytest.raises(ValidationError):
        services.changeset_reject(changeset=changeset, reviewer=reviewer, revision=1, reason="")
    services.changeset_reject(
        changeset=changeset, reviewer=reviewer, revision=changeset.revision, reason="出典が不確か"
    )
    for change in changes:
        change.refresh_from_db()
        assert change.status == Status.REJECTED and change.decision_note == "出典が不確か"
    assert not Source.objects.filter(title=NEW_TITLE).exists()


def test_an_entry_others_refer_to_cannot_be_taken_out(editor, en):
    changeset, source, _event, estimate = report_development(editor)
    with pytest.raises(ValidationError, match="refer to this new entry"):
        services.change_withdraw(change=source, user=editor)
    services.change_withdraw(change=estimate, user=editor)
    changeset.refresh_from_db()
    assert changeset.status == Status.DRAFT
    assert estimate.pk not in set(changeset.changes.open().values_list("pk", flat=True))


def test_a_draft_cannot_be_submitted_while_an_entry_breaks_a_rule(
    editor, other_editor, reviewer, en
):
    other = published_source(other_editor, reviewer, "2024-11-30")
    changeset, _source, event, _ = report_development(editor)
    also_citing(editor, event, other, "2024-11-30")
    publish(other, other_editor, reviewer, "日付の訂正", published_on="2024-11-29")
    with pytest.raises(ValidationError, match=NEW_EVENT_TITLE[:6]):
        services.changeset_submit(changeset=changeset, author=editor, summary="展開")
    changeset.refresh_from_db()
    assert changeset.status == Status.DRAFT


def test_only_the_author_adds_to_a_changeset_and_only_while_it_is_open(
    editor, other_editor, reviewer, en
):
    changeset, _source, *_ = submitted_development(editor)
    with pytest.raises(services.NotAllowed):
        services.change_propose(
            author=other_editor,
            model=Source,
            summary="他人の追加",
            state=source_state(title="他人の記事", url="https://example.org/other"),
            changeset=changeset,
        )
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    with pytest.raises(services.AlreadyDecided):
        services.change_propose(
            author=editor,
            model=Source,
            summary="遅い追加",
            state=source_state(title="遅い記事", url="https://example.org/late"),
            changeset=changeset,
        )


def test_citing_an_entry_new_in_a_changeset_joins_it_and_nobody_else_may_cite_it(
    editor, other_editor, en
):
    changeset, source, *_ = report_development(editor)
    joined = services.change_propose(
        author=editor,
        model=Event,
        summary="同じ記事の別の出来事",
        state=event_state(provisional_id(source), title="同じ記事の別の出来事"),
    )
    assert joined.changeset == changeset and joined.status == Status.DRAFT
    with pytest.raises(ValidationError, match="no longer exist"):
        services.change_propose(
            author=other_editor,
            model=Event,
            summary="他人の出来事",
            state=event_state(provisional_id(source), title="他人の出来事"),
        )


def test_entries_new_in_a_changeset_cannot_refer_to_each_other_in_a_circle(editor, en):
    """Two new events, each said to be dated relative to the other."""
    first = services.change_propose(
        author=editor,
        model=Event,
        summary="一つ目",
        state=event_state(
            Source.objects.get(slug="nhk-20241021").pk, title="一つ目", date="2024-10-20"
        ),
        in_draft=True,
    )
    second_state = event_state(
        Source.objects.get(slug="nhk-20241021").pk,
        title="二つ目",
        date="2024-10-20",
        date_relative="この前後",
        date_relative_to=provisional_id(first),
    )
    second = services.change_propose(
        author=editor, model=Event, summary="二つ目", state=second_state, changeset=first.changeset
    )
    looped = dict(first.proposed_state)
    looped["fields"] = {
        **looped["fields"],
        "date_relative": "この前後",
        "date_relative_to": provisional_id(second),
    }
    with pytest.raises(ValidationError, match="circle"):
        services.change_revise(
            change=first, author=editor, summary="循環", state=looped, revision=first.revision
        )


def test_an_edit_of_a_published_entry_in_a_changeset_is_merged_like_any(
    editor, other_editor, reviewer, en
):
    """An event edited in the changeset is published again meanwhile: approval waits for
    the author's merge, as for a single change."""
    changeset, source, *_ = report_development(editor)
    existing = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(existing)
    state["citations"].append(
        {
            "source": provisional_id(source),
            "via": None,
            "via_note": "",
            "anchors": "",
            "editor_note": "続報",
        }
    )
    edit = services.change_propose(
        author=editor,
        model=Event,
        summary="続報を出典に",
        state=state,
        target=existing,
        changeset=changeset,
    )
    assert edit.changeset == changeset and edit.base_version == existing.version
    changeset = services.changeset_submit(changeset=changeset, author=editor, summary="続報")
    publish(existing, other_editor, reviewer, "見出しの訂正", title="別の人の訂正")
    with pytest.raises(services.Conflict, match="merge"):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )
    assert not Source.objects.filter(title=NEW_TITLE).exists()
    # The author merges (the edits do not overlap); the changeset has a new revision.
    edit.refresh_from_db()
    existing.refresh_from_db()
    services.change_merge(
        change=edit,
        author=editor,
        summary="続報を出典に",
        choices={},
        revision=edit.revision,
        seen_version=existing.version,
    )
    changeset.refresh_from_db()
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    existing.refresh_from_db()
    new_source = Source.objects.get(title=NEW_TITLE)
    assert existing.title == "別の人の訂正"
    assert new_source.pk in [c.source_id for c in existing.citations.all()]


def test_a_draft_is_withdrawn_whole_or_entry_by_entry_and_another_begun(editor, en):
    changeset, source, event, estimate = report_development(editor)
    services.changeset_withdraw(changeset=changeset, author=editor)
    changeset.refresh_from_db()
    assert changeset.status == Status.WITHDRAWN and changeset.submitted_at is None
    assert set(changeset.changes.values_list("status", flat=True)) == {Status.WITHDRAWN}
    # Another draft, emptied entry by entry, is withdrawn with its last entry.
    second, source, event, estimate = report_development(editor)
    assert second.pk != changeset.pk
    for change in (estimate, event, source):
        services.change_withdraw(change=change, user=editor)
    second.refresh_from_db()
    assert second.status == Status.WITHDRAWN


def test_a_summary_under_review_changes_only_with_a_new_submission(editor, reviewer, en):
    changeset, *_ = submitted_development(editor)
    with pytest.raises(services.AlreadyDecided, match="under review"):
        services.changeset_describe(changeset=changeset, author=editor, summary="こっそり")
    services.changeset_request_changes(
        changeset=changeset, reviewer=reviewer, revision=changeset.revision, note="要約を"
    )
    services.changeset_describe(changeset=changeset, author=editor, summary="直した要約")
    changeset.refresh_from_db()
    assert changeset.summary == "直した要約"


def test_a_mention_in_a_draft_tells_nobody(editor, other_editor, reviewer):
    from apps.notifications.models import Notification

    changeset, *_ = report_development(editor)
    comment = services.comment_add(
        changeset=changeset,
        author=editor,
        text=f"@{other_editor.username} @{reviewer.username} 見て",
    )
    assert list(comment.mentions.all()) == []
    assert not Notification.objects.exists()
    with pytest.raises(services.NotAllowed):
        services.comment_add(changeset=changeset, author=reviewer, text="下書きへのコメント")
