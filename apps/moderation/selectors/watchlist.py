"""A person's watchlist, MediaWiki style."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localtime

from ..models import OPEN_STATUSES, ChangeRequest, Watch

WATCHLIST_DAYS = 30


@dataclass(frozen=True, slots=True)
class WatchedEntry:
    label: str
    entry_type: str
    url: str  # the entry's admin page, or its history once it is deleted
    until: object
    type_key: str  # "app_label.model", what the watch form posts
    object_id: int


@dataclass(frozen=True, slots=True)
class WatchedActivity:
    """A change on a watched entry: pending, or decided in the last days."""

    when: object
    entry: str
    status: str
    status_label: str
    summary: str
    author: object
    url: str


@dataclass(frozen=True, slots=True)
class Watchlist:
    entries: list[WatchedEntry]
    activity: list[WatchedActivity]


def watch_of(user, model, object_id) -> Watch | None:
    return Watch.objects.filter(user=user).current().of_entry(model, object_id).first()


def watchlist_of(user) -> Watchlist:
    """What a person watches, and what happened to it lately, MediaWiki style: a query
    for the watches, one per kind of entry watched, one for the changes."""
    watches = list(Watch.objects.filter(user=user).current().select_related("content_type"))
    by_type = {}
    for watch in watches:
        by_type.setdefault(watch.content_type, []).append(watch.object_id)
    labels = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        linked = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        for entry in model._base_manager.filter(pk__in=ids).select_related(*linked):
            labels[(content_type.pk, entry.pk)] = str(entry)
    entries = [
        WatchedEntry(
            label=labels.get((w.content_type_id, w.object_id), f"#{w.object_id}"),
            entry_type=str(w.content_type.model_class()._meta.verbose_name),
            url=_entry_admin_url(
                w.content_type, w.object_id, exists=(w.content_type_id, w.object_id) in labels
            ),
            until=w.until,
            type_key=f"{w.content_type.app_label}.{w.content_type.model}",
            object_id=w.object_id,
        )
        for w in watches
    ]
    entries.sort(key=lambda row: row.label)
    if not by_type:
        return Watchlist(entries, [])
    on_watched = Q()
    for content_type, ids in by_type.items():
        on_watched |= Q(content_type=content_type, object_id__in=ids)
    since = localtime() - timedelta(days=WATCHLIST_DAYS)
    changes = (
        ChangeRequest.objects.filter(on_watched)
        .visible_to(user)
        .filter(Q(status__in=OPEN_STATUSES) | Q(decided_at__gte=since))
        .select_related("author")
        .order_by("-created_at", "-pk")[:200]
    )
    activity = [
        WatchedActivity(
            when=change.decided_at or change.revised_at or change.created_at,
            entry=labels.get((change.content_type_id, change.object_id), change.object_repr),
            status=change.status,
            status_label=str(change.get_status_display()),
            summary=change.summary,
            author=change.author,
            url=change.get_absolute_url(),
        )
        for change in changes
    ]
    activity.sort(key=lambda row: row.when, reverse=True)
    return Watchlist(entries, activity)


def _entry_admin_url(content_type, object_id, *, exists: bool) -> str:
    page = "change" if exists else "history"
    return reverse(f"admin:{content_type.app_label}_{content_type.model}_{page}", args=[object_id])
