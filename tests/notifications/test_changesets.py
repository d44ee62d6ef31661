"""Who is told what happens to a changeset: once for the whole, never once per entry."""

import pytest
from django.core import mail

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.roles import EDITORS
from apps.moderation.state import state_of
from apps.notifications.models import Notification
from tests.conftest import make_user
from tests.moderation.changesets import report_development, submitted_development

pytestmark = pytest.mark.django_db

WATCHED = "2024-10-21-peskov-contradictory"


def told(event_name):
    return sorted(
        Notification.objects.filter(event=event_name).values_list("recipient__username", flat=True)
    )


def mailed():
    return sorted(message.to[0] for message in mail.outbox)


@pytest.fixture
def team(editor, reviewer, other_reviewer, other_editor):
    """An author, two reviewers, and an editor who is neither."""
    return editor, reviewer, other_reviewer, other_editor


def test_nobody_is_told_of_a_draft_and_every_reviewer_once_of_its_submission(
    team, django_capture_on_commit_callbacks
):
    author, *_ = team
    with django_capture_on_commit_callbacks(execute=True):
        changeset, *_changes = report_development(author)
    assert Notification.objects.count() == 0 and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.changeset_submit(changeset=changeset, author=author, summary="新しい展開")
    assert told("submitted") == ["bob", "dave"]
    assert mailed() == ["bob@example.org", "dave@example.org"]
    message = mail.outbox[0]
    assert "新しい展開" in message.subject
    assert f"/admin/moderation/changeset/{changeset.pk}/" in message.body
    assert all(
        n.changeset_id == changeset.pk and n.change_id is None for n in Notification.objects.all()
    )


def test_an_entry_revised_under_review_resubmits_the_changeset_to_the_reviewers(
    team, django_capture_on_commit_callbacks
):
    author, *_ = team
    _changeset, _source, event, _estimate = submitted_development(author)
    mail.outbox.clear()
    state = event.proposed_state
    state["fields"]["title"] = "改めた見出し"
    with django_capture_on_commit_callbacks(execute=True):
        services.change_revise(
            change=event, author=author, summary="見出し", state=state, revision=event.revision
        )
    assert told("resubmitted") == ["bob", "dave"]
    assert mailed() == ["bob@example.org", "dave@example.org"]


def test_decisions_tell_the_author_and_a_comment_its_participants(
    team, django_capture_on_commit_callbacks
):
    author, reviewer, other_reviewer, bystander = team
    changeset, _source, event, _estimate = submitted_development(author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            changeset=changeset, change=event, field="title", author=reviewer, text="見出しは?"
        )
    assert told("commented") == ["alice"]
    with django_capture_on_commit_callbacks(execute=True):
        services.changeset_request_changes(
            changeset=changeset, reviewer=other_reviewer, revision=changeset.revision, note="直して"
        )
    assert told("sent_back") == ["alice"]
    mail.outbox.clear()
    # The author answers: the commenter and the reviewer who sent it back are told, and
    # the one mentioned is told of a mention; the bystander, nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            changeset=changeset, author=author, text=f"直します。@{bystander.username} 参考に"
        )
    assert told("commented") == ["alice", "bob", "dave"]
    assert told("mentioned") == [bystander.username]
    assert mailed() == sorted(["bob@example.org", "dave@example.org", bystander.email])
    with django_capture_on_commit_callbacks(execute=True):
        services.changeset_reject(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision, reason="不確か"
        )
    assert told("rejected") == ["alice"]


def test_approval_tells_the_author_and_the_watchers_of_its_entries_once_each(
    team, django_capture_on_commit_callbacks
):
    author, reviewer, *_ = team
    watcher = make_user("erin", EDITORS)
    watched = Event.objects.get(slug=WATCHED)
    services.watch_start(user=watcher, model=Event, object_id=watched.pk)
    changeset, _source, *_ = report_development(author)
    state = state_of(watched)
    state["fields"]["title"] = "続報で直した見出し"
    services.change_propose(
        author=author,
        model=Event,
        summary="続報",
        state=state,
        target=watched,
        changeset=changeset,
    )
    changeset = services.changeset_submit(changeset=changeset, author=author, summary="展開")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.changeset_approve(
            changeset=changeset, reviewer=reviewer, revision=changeset.revision
        )
    assert told("approved") == ["alice"]
    assert told("watched") == ["erin"]
    assert mailed() == ["alice@example.org", "erin@example.org"]
