"""Background work (django-tasks): mail goes out after the decision has committed, from
the task worker in production, so that no approval waits for the mail server."""

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .mail import digest_mail, single_mail
from .models import MailChoice, Notification


@task()
def send_notification_mail(notification_ids: list[int]) -> int:
    """One mail per notification not mailed yet; how many were sent."""
    pending = list(
        Notification.objects.unmailed()
        .filter(pk__in=notification_ids)
        .select_related("recipient", "actor", "change", "changeset", "comment")
    )
    with get_connection() as connection:
        sent = connection.send_messages([single_mail(n) for n in pending]) or 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return sent


@task()
def send_digests() -> int:
    """One mail to each person who chose a daily digest, listing what they were not
    mailed yet; how many mails were sent. Run daily (``manage.py send_digests``)."""
    now = timezone.now()
    waiting = list(
        Notification.objects.unmailed()
        .filter(recipient__mail_setting__mail=MailChoice.DIGEST)
        .select_related("recipient", "actor", "change", "changeset", "comment")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = {}
    for notification in waiting:
        by_recipient.setdefault(notification.recipient, []).append(notification)
    messages = [
        digest_mail(person, notifications)
        for person, notifications in by_recipient.items()
        if person.email
    ]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    return sent
