"""Atom feed of published changes, newest first."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from apps.core.registry import entry_type_for

from .models import Action, ChangeRequest, Status

FEED_SIZE = 50


@dataclass(slots=True, frozen=True)
class PublishedChange:
    change: ChangeRequest
    url: str  # the entry's page, or the timeline once the entry is gone


class PublishedChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("North Korean troops in Russia: published changes")
    subtitle = gettext_lazy("Every change a reviewer approved, newest first.")

    def link(self):
        return reverse("events:timeline")

    def items(self):
        changes = list(
            ChangeRequest.objects.filter(status=Status.APPROVED)
            .select_related("content_type")
            .order_by("-decided_at", "-pk")[:FEED_SIZE]
        )
        entries = _entries_of(changes)
        timeline = reverse("events:timeline")
        published = []
        for change in changes:
            entry = entries.get((change.content_type_id, change.object_id))
            published.append(
                PublishedChange(change, entry.get_absolute_url() if entry else timeline)
            )
        return published

    def item_title(self, item):
        change = item.change
        kind = change.content_type.model_class()._meta.verbose_name
        return f"[{kind}・{change.get_action_display()}] {change.object_repr}"

    def item_description(self, item):
        return item.change.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"change-{item.change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.change.decided_at

    def item_updateddate(self, item):
        return item.change.decided_at


def _entries_of(changes):
    """The live entries the changes are about, one query per kind of entry."""
    wanted = {}
    for change in changes:
        if change.action != Action.DELETE and change.object_id:
            wanted.setdefault(change.content_type_id, set()).add(change.object_id)
    entries = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = getattr(entry_type_for(model).model, "label_related", ())
        for entry in model.objects.published().select_related(*related).filter(pk__in=ids):
            entries[(content_type_id, entry.pk)] = entry
    return entries
