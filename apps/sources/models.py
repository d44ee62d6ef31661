"""The bibliography, and the abstract citation every cited entry uses."""

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_with_slug
from apps.core.models import SHORT_TEXT_LIMIT, Entry, EntryManager, EntryQuerySet, bounded_text


class Language(models.TextChoices):
    JAPANESE = "ja", _("Japanese")
    ENGLISH = "en", _("English")
    KOREAN = "ko", _("Korean")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    OTHER = "other", _("other")


class LinkState(models.TextChoices):
    LIVE = "live", _("live")
    DEAD = "dead", _("dead")
    UNKNOWN = "unknown", _("unknown")


class SourceQuerySet(EntryQuerySet):
    def with_link_state(self):
        """Each source with ``link_state``: what the link checks found (``LinkState``)."""
        return self.annotate(link_state=Coalesce(F("link_status__state"), Value(LinkState.UNKNOWN)))


class Source(Entry):
    """A published news article or document the timeline cites."""

    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("Exactly as published, including brackets and quotes."),
    )
    work = models.CharField(
        _("work"),
        max_length=200,
        help_text=_("Newspaper, broadcaster or site: 朝日新聞, NHK NEWSWEB…"),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Only when it differs from the work."),
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"))
    accessed_on = models.DateField(
        _("access date"), help_text=_("閲覧日: when an editor last read it.")
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    archive_url = models.URLField(
        _("archived copy"),
        max_length=1000,
        blank=True,
        help_text=_("A snapshot (web.archive.org, archive.today…) for when the link dies."),
    )
    archive_date = models.DateField(_("archived on"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.JAPANESE
    )

    objects = EntryManager.from_queryset(SourceQuerySet)()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="source_language_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_not_empty"),
            models.CheckConstraint(condition=~Q(work=""), name="source_work_not_empty"),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="source_published_idx"),
            # The outlets the timeline's source filter suggests, read on every page.
            models.Index(fields=["work"], name="source_work_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.work}, {self.published_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return url_with_slug("sources:detail", self.slug)


class CitationManager(models.Manager):
    def get_by_natural_key(self, entry_slug, source_slug):
        return self.get(entry__slug=entry_slug, source__slug=source_slug)


class Citation(models.Model):
    """Abstract: an entry cites a source, in order.

    Each cited model defines a concrete subclass with an ``entry`` foreign key,
    so the database enforces one citation per source and entry.
    """

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("source"),
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Footnotes of an entry are shown in this order.")
    )
    via = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_via",
        verbose_name=_("according to"),
        help_text=_("On whose word the outlet reports: NHK, according to 韓国国家情報院."),
    )
    via_note = models.CharField(
        _("how"),
        max_length=200,
        blank=True,
        help_text=_("e.g. drone footage released by the brigade; an unnamed official."),
    )
    anchors = bounded_text(
        _("marker after"),
        SHORT_TEXT_LIMIT,
        blank=True,
        help_text=_(
            "Where the footnote marker stands in the text: the words it follows, one line "
            "per marker (「非常に高い」とした). Empty: at the end, before the final 。."
        ),
    )
    editor_note = models.CharField(
        _("added by an editor"),
        max_length=300,
        blank=True,
        help_text=_(
            "Empty when the article places this footnote (and names “according to” or the "
            "cited headline does). Otherwise why you cite it or name whose word it is: "
            "readers see it as yours."
        ),
    )

    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "source"],
                name="%(app_label)s_%(class)s_source_once",
                violation_error_message=_("The same source is cited twice."),
            ),
            models.UniqueConstraint(
                fields=["entry", "position"], name="%(app_label)s_%(class)s_position_once"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="%(app_label)s_%(class)s_position_positive"
            ),
        ]

    def __str__(self):
        # Cheap on purpose: versions of every citation are labelled with it.
        return f"#{self.position}: source {self.source_id}"

    def natural_key(self):
        return (self.entry.slug, self.source.slug)


class LinkStatus(models.Model):
    """What the last link checks found at a source's URL.

    Kept by ``check_links``, not by editors: it describes the web, not the article,
    so it is neither moderated nor versioned.
    """

    DEAD_AFTER_FAILED_DAYS = 3

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, related_name="link_status", verbose_name=_("source")
    )
    state = models.CharField(
        _("link"), max_length=8, choices=LinkState.choices, default=LinkState.UNKNOWN
    )
    checked_url = models.URLField(_("checked URL"), max_length=1000)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    failure_days = models.JSONField(
        _("days with a failure"),
        default=list,
        blank=True,
        help_text=_("Distinct days (ISO) with a failed check since the link last answered."),
    )

    class Meta:
        verbose_name = _("link status")
        verbose_name_plural = _("link statuses")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=LinkState.values), name="linkstatus_state_valid"
            )
        ]

    def __str__(self):
        return f"{self.source_id}: {self.state}"
