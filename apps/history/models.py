"""What the public saw, and when: every publication of every entry, in order.

A ``Publication`` is one published state of one entry (django-reversion's version of it,
as the public read it), from the moment it was published until the next one superseded
it; a deletion is a publication too. The moderation writes them in the transaction that
publishes (behind the publication lock, so their sequence is the order publications
committed in); fixtures write an entry's first. They answer three questions that the live
tables cannot: what changed since a given publication (the API's change feed), what the
data said at a given moment (``?as_of=``), and which entries a filter matched then.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class PublicationAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


class PublicationQuerySet(models.QuerySet):
    def of(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def at(self, moment=None):
        """One row per entry the public could read at ``moment`` (now, when None), in the
        state it read: entries created later are absent, entries deleted since present."""
        if moment is None:
            rows = self.filter(superseded_at__isnull=True)
        else:
            rows = self.filter(published_at__lte=moment).filter(
                Q(superseded_at__isnull=True) | Q(superseded_at__gt=moment)
            )
        return rows.exclude(action=PublicationAction.DELETED)

    def referring_to(self, field: str, *target_ids: int):
        """Rows whose state refers to one of ``target_ids`` through ``field`` (a link, a
        citation's source, a claimant…): an index look-up, not a scan of every state."""
        return self.filter(
            Exists(
                PublicationReference.objects.filter(
                    publication=OuterRef("pk"), field=field, target_id__any_of=target_ids
                )
            )
        )


class Publication(models.Model):
    """One published state of one entry, from ``published_at`` until ``superseded_at``."""

    seq = models.BigAutoField(_("publication"), primary_key=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of entry")
    )
    object_id = models.PositiveBigIntegerField(_("entry id"))
    action = models.CharField(_("what happened"), max_length=10, choices=PublicationAction.choices)
    version = models.PositiveIntegerField(
        _("version"), help_text=_("The entry's version published (its last, for a deletion).")
    )
    published_at = models.DateTimeField(_("published at"))
    superseded_at = models.DateTimeField(
        _("superseded at"),
        null=True,
        blank=True,
        help_text=_("When the next publication of the entry replaced this one; empty: current."),
    )
    summary = models.CharField(_("edit summary"), max_length=300, blank=True)
    state = models.JSONField(
        _("state"),
        null=True,
        blank=True,
        help_text=_("Fields, links and citations; empty for a deletion."),
    )
    # What the pages' look-ups, the timeline's filters and its order read, copied from the
    # state as it was written.
    slug = models.CharField(_("key"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_last = models.DateField(_("last day"), null=True, blank=True)
    # What the search reads (``core.folding``): the folded title, the folded title and
    # text, and the pairs of characters an index finds them by.
    search_title = models.TextField(_("searchable title"), blank=True)
    search_text = models.TextField(_("searchable text"), blank=True)
    search_tokens = models.TextField(_("search index words"), blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        # No default order: the states of a moment are read by index, unsorted.
        indexes = [
            # The current state of every entry of a kind, in the timeline's order.
            models.Index(
                fields=["content_type", "date", "-date_last", "object_id"],
                condition=Q(superseded_at__isnull=True),
                name="publication_current_idx",
            ),
            # The states of a moment in the timeline's order, what says whether a state held
            # then in the index: a page of a moment reads a page of the index. (Without
            # statistics, SQLite would prefer an index on the moment alone and sort all.)
            models.Index(
                fields=[
                    "content_type",
                    "date",
                    "-date_last",
                    "object_id",
                    "published_at",
                    "superseded_at",
                    "action",
                ],
                name="publication_order_idx",
            ),
            models.Index(
                fields=["content_type", "object_id", "published_at"], name="publication_entry_idx"
            ),
            # An entry's page by its key, at a moment.
            models.Index(
                fields=["content_type", "slug", "published_at"], name="publication_slug_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=PublicationAction.values), name="publication_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(action=PublicationAction.DELETED, state__isnull=True)
                | (~Q(action=PublicationAction.DELETED) & Q(state__isnull=False)),
                name="publication_state_unless_deleted",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True)
                | Q(superseded_at__gte=models.F("published_at")),
                name="publication_superseded_after",
            ),
            # One current row per entry.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(superseded_at__isnull=True),
                name="publication_one_current",
            ),
        ]

    def __str__(self):
        return (
            f"{self.seq}: {self.content_type.model} {self.object_id} v{self.version} {self.action}"
        )


class PublicationReference(models.Model):
    """An entry a publication's state refers to, and through which field: what lets a
    filter by actor, place or source find the states that mention it."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="references"
    )
    field = models.CharField(_("through"), max_length=40)
    target_id = models.BigIntegerField(_("entry id"))

    class Meta:
        verbose_name = _("reference of a publication")
        verbose_name_plural = _("references of publications")
        indexes = [models.Index(fields=["field", "target_id"], name="publication_reference_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "field", "target_id"], name="publication_reference_once"
            ),
        ]

    def __str__(self):
        return f"{self.publication_id} → {self.field} {self.target_id}"
