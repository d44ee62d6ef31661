"""Who is told what happened to a proposed change: in the admin, and by mail after commit."""

import pytest
from django.core import mail
from django.core.management import call_command

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest
from apps.notifications.models import MailChoice, MailSetting, Notification
from tests.conftest import make_user, propose
from tests.moderation.conftest import decide

pytestmark = pytest.mark.django_db

SLUG = "2024-10-21-peskov-contradictory"


@pytest.fixture
def event():
    return Event.objects.get(slug=SLUG)


@pytest.fixture
def desk(editor, reviewer, other_reviewer, other_editor):
    """An author, two reviewers, and an editor who is neither author nor reviewer."""
    return {"author": editor, "reviewers": [reviewer, other_reviewer], "bystander": other_editor}


def told(event_name):
    return sorted(
        Notification.objects.filter(event=event_name).values_list("recipient__username", flat=True)
    )


def test_a_submission_tells_every_reviewer_but_the_author(
    desk, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change = propose(event, desk["author"], title="通知の試験")
    assert len(callbacks) == 1  # the mail is queued once the proposal has committed
    assert told("submitted") == ["bob", "dave"]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bob@example.org",
        "dave@example.org",
    ]
    message = mail.outbox[0]
    assert "通知の試験" in message.subject or change.object_repr in message.subject
    assert f"http://127.0.0.1:8000/admin/moderation/changerequest/{change.pk}/" in message.body
    assert "試験の変更" in message.body  # the edit summary


def test_a_reviewer_who_proposes_is_not_told_of_their_own_change(reviewer, other_reviewer, event):
    propose(event, reviewer, title="査読者の提案")
    assert told("submitted") == ["dave"]


def test_each_decision_tells_the_author_and_nobody_else(
    desk, event, client, django_capture_on_commit_callbacks
):
    author, reviewer = desk["author"], desk["reviewers"][0]
    change = propose(event, author, title="差し戻される案")
    mail.outbox.clear()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, change, "_request_changes", note="出典を足してください。")
    assert told("sent_back") == ["alice"]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]

    change.refresh_from_db()
    state = dict(change.proposed_state)
    state["fields"] = {**state["fields"], "title": "直した案"}
    with django_capture_on_commit_callbacks(execute=True):
        services.change_revise(
            change=change,
            author=author,
            summary="直しました",
            state=state,
            revision=change.revision,
        )
    assert told("resubmitted") == ["bob", "dave"]

    change.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, change, "_approve")
    assert ChangeRequest.objects.get(pk=change.pk).status == "approved"
    assert told("approved") == ["alice"]
    assert "carol" not in Notification.objects.values_list("recipient__username", flat=True)


def test_a_rejection_carries_its_reason(desk, event, django_capture_on_commit_callbacks):
    change = propose(event, desk["author"], title="却下される案")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_reject(
            change=change,
            reviewer=desk["reviewers"][0],
            revision=change.revision,
            reason="出典が確認できません。",
        )
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "出典が確認できません。" in message.body


def test_an_approval_that_fails_tells_nobody(desk, event, django_capture_on_commit_callbacks):
    change = propose(event, desk["author"], title="古い版への案")
    # Published meanwhile: this change's approval is refused, inside its transaction.
    other = propose(event, desk["bystander"], text="先に公開された本文。")
    services.change_approve(change=other, revision=other.revision, reviewer=desk["reviewers"][1])
    before = Notification.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.ModerationError),
    ):
        services.change_approve(
            change=change, revision=change.revision, reviewer=desk["reviewers"][0]
        )
    assert Notification.objects.count() == before
    assert callbacks == []


def test_a_digest_reader_gets_one_mail_a_day(desk, event, django_capture_on_commit_callbacks):
    MailSetting.objects.create(user=desk["reviewers"][0], mail=MailChoice.DIGEST)
    MailSetting.objects.create(user=desk["reviewers"][1], mail=MailChoice.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        propose(event, desk["author"], title="一つ目")
        propose(Event.objects.exclude(slug=SLUG).first(), desk["author"], title="二つ目")
    assert mail.outbox == []  # neither wants a mail per notification
    assert told("submitted") == ["bob", "bob", "dave", "dave"]  # both are told in the admin

    call_command("send_digests", verbosity=0)
    (digest,) = mail.outbox
    assert digest.to == ["bob@example.org"]
    assert "2" in digest.subject
    assert digest.body.count("/admin/moderation/changerequest/") == 2
    call_command("send_digests", verbosity=0)
    assert len(mail.outbox) == 1  # nothing new: no second digest


def test_someone_without_an_address_is_told_in_the_admin_only(event, editor):
    eve = make_user("eve", "Editors", "Reviewers")
    eve.email = ""
    eve.save(update_fields=["email"])
    propose(event, editor, title="宛先なし")
    assert told("submitted") == ["eve"]
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_the_mail_waits_for_the_worker(settings):
    """TASKS_BACKEND=database: the proposal only stores the task; db_worker, a process
    of its own in production, sends the mail (committed for real: the worker reconnects)."""
    from django.apps import apps
    from django_tasks_db.models import DBTaskResult

    from apps.moderation.roles import sync_groups

    call_command("loaddata", "seed", verbosity=0)  # a transactional test starts empty
    sync_groups(apps)
    author = make_user("alice", "Editors")
    make_user("bob", "Editors", "Reviewers")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    propose(Event.objects.get(slug=SLUG), author, title="ワーカーが送る")
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert Notification.objects.get().emailed_at is not None
