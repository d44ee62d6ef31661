"""Public corrections: what an approved change put right in a published entry, told to
readers with the day it was corrected, newest first (schema.org's ``correction``)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_of
from apps.core.models import SHORT_TEXT_LIMIT, Entry, EntryManager, EntryQuerySet, bounded_text


class CorrectionQuerySet(EntryQuerySet):
    def of_entry(self, model, object_id):
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id
        )


class Correction(Entry):
    """A correction of one entry, published with the version that makes it.

    Written by the reviewer as part of the approval (``moderation``); later edits of its
    note are proposed and reviewed like any entry's.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of entry")
    )
    object_id = models.PositiveBigIntegerField(_("entry id"))
    entry_version = models.PositiveIntegerField(
        _("corrected version"), help_text=_("The entry's version that carries the correction.")
    )
    published_at = models.DateTimeField(
        _("published at"),
        help_text=_(
            "When the corrected version was published: the version before is the one "
            "readers saw until then."
        ),
    )
    note = bounded_text(
        _("correction"),
        SHORT_TEXT_LIMIT,
        help_text=_(
            "What was wrong and what is right, for readers: 「派遣規模を3,000人としていましたが、"
            "1万人の誤りでした」."
        ),
    )

    objects = EntryManager.from_queryset(CorrectionQuerySet)()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="correction_entry_idx"),
            models.Index(fields=["-published_at", "-id"], name="correction_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty"),
        ]

    def __str__(self):
        return gettext("Correction of %(day)s: %(note)s") % {
            "day": formats.date_format(self.day, "DATE_FORMAT"),
            "note": self.note[:60],
        }

    def get_absolute_url(self):
        return f"{url_of('corrections:list')}#{self.slug}"

    @property
    def day(self) -> datetime.date:
        return localtime(self.published_at).date()

    @property
    def before(self) -> datetime.datetime:
        """The last moment of the version before the correction (for ``?as_of=``)."""
        return self.published_at - datetime.timedelta(microseconds=1)
