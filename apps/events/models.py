"""Dated events and the troop estimates attributed to those who made them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.claims.models import Claim, ClaimStatus
from apps.core.dates import FuzzyDated
from apps.core.links import url_of, url_with_slug
from apps.core.models import SHORT_TEXT_LIMIT, Entry, bounded_text
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
    text = bounded_text(_("text"), help_text=_("What happened, as the sources say it."))
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
    KILLED = "killed", _("killed")
    CAPTURED = "captured", _("captured")


# What the chart plots: the size of the deployment. Soldiers killed or captured are
# counted in the estimates too (the article gives them) but are not a deployment.
DEPLOYMENT_SCOPES = frozenset(EstimateScope.values) - {EstimateScope.KILLED, EstimateScope.CAPTURED}


class Qualifier(models.TextChoices):
    NONE = "none", _("no qualifier")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    UP_TO = "up_to", _("up to")
    # 数百人, 数千人, 数万人: a figure given only by its order of magnitude.
    SEVERAL = "several", _("several (数百, 数千, 数万)")


# How a figure of ``Qualifier.SEVERAL`` is written: its lower bound gives the order.
def _several_words() -> dict[int, str]:
    return {
        10: gettext("a few dozen"),
        100: gettext("several hundred"),
        1000: gettext("several thousand"),
        10_000: gettext("tens of thousands"),
        100_000: gettext("hundreds of thousands"),
    }


SEVERAL_ORDERS = (10, 100, 1000, 10_000, 100_000)


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
        help_text=_(
            "The number of soldiers; for a range, its lower bound; for 数百 (several), the "
            "order: 100 for 数百, 1000 for 数千, 10000 for 数万."
        ),
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
    statement = bounded_text(
        _("statement"),
        SHORT_TEXT_LIMIT,
        help_text=_("The claim in the source's words (約1万2000人…)."),
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
                condition=~Q(qualifier=Qualifier.SEVERAL)
                | Q(figure__in=SEVERAL_ORDERS, figure_high=F("figure") * 10 - 1),
                name="estimate_several_is_an_order",
                violation_error_message=_(
                    "数百, 数千, 数万: the figure is 100, 1000 or 10000 and the upper figure "
                    "is ten times it, less one."
                ),
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

    def clean(self):
        super().clean()
        if self.qualifier != Qualifier.SEVERAL or self.figure is None:
            return
        if self.figure not in SEVERAL_ORDERS:
            raise ValidationError(
                {"figure": _("For 数百 type 100, for 数千 1000, for 数万 10000.")}
            )
        # The bounds of "several hundred" are the hundreds: 100 to 999.
        if self.figure_high is None:
            self.figure_high = self.figure * 10 - 1
        elif self.figure_high != self.figure * 10 - 1:
            raise ValidationError(
                {
                    "figure_high": _("数百 is %(low)s to %(high)s: leave the upper figure empty.")
                    % {"low": self.figure, "high": self.figure * 10 - 1}
                }
            )

    @property
    def figure_display(self) -> str:
        if self.qualifier == Qualifier.SEVERAL:
            return several_words(self.figure)
        return figure_display(self.figure, self.figure_high)

    @property
    def is_deployment(self) -> bool:
        return self.scope in DEPLOYMENT_SCOPES


def estimate_url(slug: str, event_slug: str | None, query: str = "") -> str:
    """An estimate is shown inside its event, else in the timeline of estimates; ``query``
    (``as_of=…``) keeps a page shown as it was in the same moment."""
    if event_slug:
        return f"{url_with_slug('events:detail', event_slug)}{_joined('?', query)}#estimate-{slug}"
    return f"{url_of('events:timeline')}?kind=estimate{_joined('&', query)}#estimate-{slug}"


def _joined(joiner: str, query: str) -> str:
    return f"{joiner}{query}" if query else ""


def several_words(order: int) -> str:
    """数百 / several hundred, for the lower bound of the order."""
    return _several_words().get(order, f"{order:,}+")


def qualified_figure(estimate, qualifiers: dict) -> str:
    """ "about 12,000", "up to 3,000", "several hundred": ``qualifiers`` maps values to
    labels (``choice_labels``)."""
    if estimate.qualifier == Qualifier.SEVERAL:
        return several_words(estimate.figure)
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
