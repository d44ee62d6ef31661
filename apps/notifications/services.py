"""Who is told what, and when their mail goes out."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.moderation.models import Status, Watch
from apps.moderation.signals import ChangeEvent

from .models import MailChoice, MailSetting, Notification
from .tasks import send_notification_mail

# Reviewers are found by permission, as the moderation checks it: one backend must be
# named because django-axes' backend is listed too.
REVIEW_PERMISSION = "moderation.review_changerequest"
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
FOR_REVIEWERS = (ChangeEvent.SUBMITTED, ChangeEvent.RESUBMITTED)


def participants(subject) -> set[int]:
    """Who has taken part in a change or a changeset: its author, whoever commented on it,
    sent it back or decided it."""
    people = {subject.author_id, subject.reviewer_id}
    people |= set(subject.comments.values_list("author_id", flat=True))
    people |= set(subject.send_backs.values_list("reviewer_id", flat=True))
    return people - {None}


def watched_entries(subject) -> Q:
    """The entries a change (or each change of a changeset) is about, for their watchers."""
    if not subject.is_changeset:
        return Q(content_type_id=subject.content_type_id, object_id=subject.object_id)
    entries = Q(pk__in=[])
    for content_type_id, object_id in subject.changes.filter(
        status=Status.APPROVED, object_id__isnull=False
    ).values_list("content_type_id", "object_id"):
        entries |= Q(content_type_id=content_type_id, object_id=object_id)
    return entries


def recipients(*, change, event, actor, comment=None) -> list[tuple]:
    """(person, event) for everyone to tell about ``change`` (a change or a changeset).

    Reviewers hear of a submission; the author of what a reviewer decided, and those who
    watch an entry of its publication; a comment goes to the participants, and to those
    it mentions as a mention. Nobody is told of what they did themselves."""
    User = get_user_model()
    if event == ChangeEvent.COMMENTED:
        mentioned = list(comment.mentions.order_by("pk"))
        others = participants(change) - {actor.pk} - {person.pk for person in mentioned}
        told = [(person, ChangeEvent.MENTIONED) for person in mentioned]
        still_here = User.objects.filter(pk__in=others, is_active=True, is_staff=True)
        told += [(person, event) for person in still_here.order_by("pk")]
        return told
    if event in FOR_REVIEWERS:
        people = (
            User.objects.with_perm(REVIEW_PERMISSION, backend=PERMISSION_BACKEND)
            .filter(is_staff=True)
            .exclude(pk=change.author_id)
            .order_by("pk")
        )
        return [(person, event) for person in people if person.pk != actor.pk]
    author = change.author
    told = [] if author.pk == actor.pk or not author.is_active else [(author, event)]
    if event == ChangeEvent.APPROVED:
        watchers = (
            User.objects.filter(
                pk__in=Watch.objects.current().filter(watched_entries(change)).values("user_id"),
                is_active=True,
            )
            .exclude(pk__in=[actor.pk, change.author_id])
            .order_by("pk")
        )
        told += [(person, ChangeEvent.WATCHED) for person in watchers]
    return told


def notifications_create(*, change, event, actor, comment=None) -> list[Notification]:
    """Notify the people concerned, in the caller's transaction; the mail of those who
    want one per notification is queued once the transaction commits."""
    told = recipients(change=change, event=event, actor=actor, comment=comment)
    if not told:
        return []
    people = [person for person, _ in told]
    made = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            change=None if change.is_changeset else change,
            changeset=change if change.is_changeset else None,
            event=what,
            actor=actor,
            comment=comment,
            revision=change.revision,
        )
        for person, what in told
    )
    choices = dict(MailSetting.objects.filter(user__in=people).values_list("user_id", "mail"))
    mailed_now = [
        notification.pk
        for notification, person in zip(made, people, strict=True)
        if person.email and choices.get(person.pk, MailChoice.EACH) == MailChoice.EACH
    ]
    if mailed_now:
        transaction.on_commit(partial(send_notification_mail.enqueue, mailed_now))
    return made


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read (these ``ids``, or all); how many were unread."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def mail_setting_update(*, user, mail: str) -> MailSetting:
    setting, _ = MailSetting.objects.get_or_create(user=user)
    setting.mail = mail
    setting.full_clean()
    setting.save(update_fields=["mail"])
    return setting
