"""The mail a notification sends, one at a time or gathered in a daily digest."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True, slots=True)
class MailRow:
    """What a mail says about one notification."""

    event: str
    event_label: str
    change: str
    summary: str
    actor: str
    note: str
    url: str


def _note(notification) -> str:
    if notification.comment is not None:
        return notification.comment.text
    return notification.subject.decision_note if notification.event == "rejected" else ""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def row_of(notification) -> MailRow:
    change = notification.subject
    return MailRow(
        event=notification.event,
        event_label=str(notification.get_event_display()),
        change=change.headline,
        summary=change.summary,
        actor=str(notification.actor) if notification.actor else "",
        note=_note(notification),
        url=absolute(change.get_absolute_url()),
    )


def _context(**context) -> dict:
    return {
        "site_name": str(admin.site.site_title),
        "settings_url": absolute(reverse("admin:notifications_mail_settings")),
        **context,
    }


def _message(recipient, subject: str, body: str) -> EmailMessage:
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email])


def single_mail(notification) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(row=row_of(notification))
        subject = render_to_string("notifications/mail_subject.txt", context)
        body = render_to_string("notifications/mail_body.txt", context)
    return _message(notification.recipient, subject, body)


def digest_mail(recipient, notifications) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(rows=[row_of(n) for n in notifications])
        subject = render_to_string("notifications/digest_subject.txt", context)
        body = render_to_string("notifications/digest_body.txt", context)
    return _message(recipient, subject, body)
