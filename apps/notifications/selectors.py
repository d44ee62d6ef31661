from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from .models import Notification

LATEST_SHOWN = 5


@dataclass(frozen=True, slots=True)
class NotificationRow:
    url: str
    event_label: str
    change: str
    actor: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Unread:
    count: int
    latest: list[NotificationRow]


def unread_of(user) -> Unread:
    """How many notifications the user has not read, and the latest few (two queries)."""
    unread = Notification.objects.for_user(user).unread()
    latest = list(unread.select_related("change", "changeset", "actor")[:LATEST_SHOWN])
    count = unread.count()
    return Unread(
        count=count,
        latest=[
            NotificationRow(
                url=reverse("admin:notifications_notification_change", args=[n.pk]),
                event_label=str(n.get_event_display()),
                change=n.subject.headline,
                actor=str(n.actor) if n.actor else "",
                created_at=n.created_at,
            )
            for n in latest
        ],
    )
