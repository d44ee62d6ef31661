"""Dated events and the troop estimates attributed to those who made them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.claims.models import Claim, ClaimStatus
from apps.core.dates import FuzzyDated
from apps.core.links import url_of, url_with_slug
from apps.core.models import Entry
from apps.sources.models import Citation

# No estimate of a deployment can exceed the whole Korean People's Army.
MAX_TROOP_FIGURE = 2_000_000


class EventKind(models.TextChoices):
    BACKGROUND = "background", _("background")
    DIPLOMACY = "diplomacy", _("diplomacy")
    DEPLOYMENT = "deployment", _("deployment")
    COMBAT = "combat", _("combat")
    CAPTURE = "capture", _("capture")
    INTELLIGENCE = "intelligence", _("intelligence assessment")
    STATEMENT = "statement", _("official statement")
    MEDIA_REPORT = "media_report", _("media report")
    EVIDENCE = "evidence", _("evidence released")


class Event(Entry, FuzzyDated, Claim):
    claimant = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_events",
        verbose_name=_("on whose word"),
        help_text=_("Only when the event rests on one party's word (an announcement, a report)."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short headline for the timeline.")
    )
    text = models.TextField(_("text"), help_text=_("What happened, as the sources say it."))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actors = models.ManyToManyField(
        "actors.Actor", blank=True, related_name="events", verbose_name=_("actors")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="events", verbose_name=_("places")
    )

    class Meta(FuzzyDated.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date", "-date_last", "pk"]
        constraints = [
            *FuzzyDated.Meta.constraints,
            *Claim.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="event_title_not_empty"),
            models.CheckConstraint(condition=~Q(text=""), name="event_text_not_empty"),
        ]
        indexes = [
            models.Index(fields=["date", "date_last"], name="event_chronology_idx"),
            models.Index(fields=["kind", "date"], name="event_kind_date_idx"),
            models.Index(fields=["claim_status", "date"], name="event_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.fuzzy_date} {self.title}"

    def get_absolute_url(self):
        return url_with_slug("events:detail", self.slug)


class EventCitation(Citation):
    entry = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="citations", verbose_name=_("event")
    )

    class Meta(Citation.Meta):
        pass


class EstimateScope(models.TextChoices):
    TOTAL = "total", _("size of the deployment")
    SENT = "sent", _("already sent to Russia")
    IN_KURSK = "in_kursk", _("arrived in Kursk")
    FORMED = "formed", _("formed into units")
    PLANNED = "planned", _("to be sent")
    OFFERED = "offered", _("offered")


class Qualifier(models.TextChoices):
    NONE = "none", _("no qualifier")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    UP_TO = "up_to", _("up to")


class TroopEstimate(Entry, FuzzyDated, Claim):
    """An attributed figure: who said how many soldiers, counting what, and when."""

    # What str() and get_absolute_url() read, for lists that show many estimates.
    label_related = ("claimant", "event")

    # Every estimate is a claim: its status is never empty.
    claim_status = models.CharField(
        _("claim status"),
        max_length=12,
        choices=ClaimStatus.choices,
        default=ClaimStatus.REPORTED,
        help_text=Claim._meta.get_field("claim_status").help_text,
    )

    claimant = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="troop_estimates",
        verbose_name=_("estimated by"),
    )
    figure = models.PositiveIntegerField(
        _("figure"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TROOP_FIGURE)],
        help_text=_("The number of soldiers; for a range, its lower bound."),
    )
    figure_high = models.PositiveIntegerField(
        _("upper figure"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_TROOP_FIGURE)],
        help_text=_("Only for a range (e.g. 10,000–12,000)."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.ABOUT
    )
    scope = models.CharField(_("what it counts"), max_length=10, choices=EstimateScope.choices)
    statement = models.TextField(
        _("statement"), help_text=_("The claim in the source's words (約1万2000人…).")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="troop_estimates",
        verbose_name=_("stated in event"),
        help_text=_("The event whose text carries this figure, if any."),
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="troop_estimates", verbose_name=_("places")
    )

    class Meta(FuzzyDated.Meta):
        verbose_name = _("troop estimate")
        verbose_name_plural = _("troop estimates")
        ordering = ["date", "-date_last", "pk"]
        constraints = [
            *FuzzyDated.Meta.constraints,
            *Claim.Meta.constraints,
            models.CheckConstraint(
                condition=Q(figure__gte=1, figure__lte=MAX_TROOP_FIGURE),
                name="estimate_figure_plausible",
                violation_error_message=_("A troop figure is between 1 and 2,000,000."),
            ),
            models.CheckConstraint(
                condition=Q(figure_high__isnull=True)
                | Q(figure_high__gt=F("figure"), figure_high__lte=MAX_TROOP_FIGURE),
                name="estimate_range_ordered",
                violation_error_message=_("The upper figure must be above the figure."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=Qualifier.values), name="estimate_qualifier_valid"
            ),
            models.CheckConstraint(
                condition=Q(scope__in=EstimateScope.values), name="estimate_scope_valid"
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="estimate_statement_not_empty"),
        ]
        indexes = [
            models.Index(fields=["date", "date_last"], name="estimate_chronology_idx"),
            models.Index(fields=["claim_status", "date"], name="estimate_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.claimant}: {self.figure_display} ({self.fuzzy_date})"

    def get_absolute_url(self):
        return estimate_url(self.slug, self.event.slug if self.event_id else None)

    @property
    def figure_display(self) -> str:
        return figure_display(self.figure, self.figure_high)


def estimate_url(slug: str, event_slug: str | None) -> str:
    """An estimate is shown inside its event, else in the timeline of estimates."""
    if event_slug:
        return f"{url_with_slug('events:detail', event_slug)}#estimate-{slug}"
    return f"{url_of('events:timeline')}?kind=estimate#estimate-{slug}"


def qualified_figure(estimate, qualifiers: dict) -> str:
    """ "about 12,000", "up to 3,000": ``qualifiers`` maps values to labels (``choice_labels``)."""
    figure = figure_display(estimate.figure, estimate.figure_high)
    if estimate.qualifier == Qualifier.NONE:
        return figure
    return f"{qualifiers.get(estimate.qualifier, estimate.qualifier)} {figure}"


def figure_display(figure: int, figure_high: int | None) -> str:
    """12,000 or 10,000–12,000."""
    if figure_high:
        return f"{figure:,}–{figure_high:,}"
    return f"{figure:,}"


class EstimateCitation(Citation):
    entry = models.ForeignKey(
        TroopEstimate,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("troop estimate"),
    )

    class Meta(Citation.Meta):
        pass
