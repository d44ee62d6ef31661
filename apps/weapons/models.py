"""Weapon systems North Korea supplied, and the dated reports that show it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.claims.models import Claim
from apps.core.dates import FuzzyDated
from apps.core.links import url_of
from apps.core.models import Entry, bounded_text
from apps.sources.models import Citation


class WeaponCategory(models.TextChoices):
    BALLISTIC_MISSILE = "ballistic_missile", _("ballistic missile")
    ANTI_TANK_MISSILE = "anti_tank_missile", _("anti-tank missile")
    SELF_PROPELLED_GUN = "self_propelled_gun", _("self-propelled gun")
    ROCKET_LAUNCHER = "rocket_launcher", _("multiple rocket launcher")
    AMMUNITION = "ammunition", _("ammunition")


class WeaponSystem(Entry):
    name = models.CharField(_("name"), max_length=200, help_text=_("As the article names it."))
    other_names = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("e.g. 火の鳥, 主体砲.")
    )
    designation = models.CharField(
        _("designation"), max_length=100, blank=True, help_text=_("e.g. KN-23, M1989.")
    )
    category = models.CharField(_("type"), max_length=30, choices=WeaponCategory.choices)
    calibre_mm = models.PositiveSmallIntegerField(_("calibre (mm)"), null=True, blank=True)

    class Meta:
        verbose_name = _("weapon system")
        verbose_name_plural = _("weapon systems")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=WeaponCategory.values), name="weapon_category_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="weapon_name_not_empty"),
            models.CheckConstraint(
                condition=Q(calibre_mm__isnull=True) | Q(calibre_mm__range=(1, 1000)),
                name="weapon_calibre_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{url_of('weapons:list')}#{self.slug}"


class ReportKind(models.TextChoices):
    USED = "used", _("used in combat")
    SIGHTED = "sighted", _("sighted")
    TRANSFERRED = "transferred", _("transferred to Russia")
    DESTROYED = "destroyed", _("destroyed")
    ASSESSED = "assessed", _("assessed")


class Evidence(models.TextChoices):
    PHOTO = "photo", _("photograph")
    VIDEO = "video", _("video")
    DRONE_FOOTAGE = "drone_footage", _("drone footage")
    SATELLITE_IMAGE = "satellite_image", _("satellite image")
    INTELLIGENCE_REPORT = "intelligence_report", _("intelligence report")
    OFFICIAL_STATEMENT = "official_statement", _("official statement")
    MEDIA_REPORT = "media_report", _("media report")


class WeaponReport(Entry, FuzzyDated, Claim):
    """A report that a system reached Russia's side, dated when the source dates it."""

    label_related = ("system",)

    # Some reports carry no date ("122mm and 152mm shells are already exported").
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("For a month or a year, its first day. Empty when the source gives no date."),
    )
    date_last = models.DateField(_("last day covered"), null=True, editable=False, db_index=True)
    system = models.ForeignKey(
        WeaponSystem, on_delete=models.PROTECT, related_name="reports", verbose_name=_("system")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices)
    evidence_location = models.CharField(
        _("evidence seen in"),
        max_length=200,
        blank=True,
        help_text=_("Where the evidence was published or seen: 中央日報の写真, the unit's video…"),
    )
    observer = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weapon_reports",
        verbose_name=_("reported by"),
    )
    text = bounded_text(_("text"))
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="weapon_reports", verbose_name=_("places")
    )

    class Meta(FuzzyDated.Meta):
        verbose_name = _("weapon report")
        verbose_name_plural = _("weapon reports")
        ordering = ["system", "date", "pk"]
        constraints = [
            *FuzzyDated.Meta.constraints,
            *Claim.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="weaponreport_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(evidence__in=Evidence.values), name="weaponreport_evidence_valid"
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=False) | Q(date_end__isnull=True),
                name="weaponreport_undated_has_no_end",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="weaponreport_text_not_empty"),
        ]
        indexes = [models.Index(fields=["system", "date"], name="weaponreport_system_date_idx")]

    def __str__(self):
        return f"{self.system}: {self.fuzzy_date or '—'}"

    def get_absolute_url(self):
        return f"{url_of('weapons:list')}#{self.slug}"

    @property
    def fuzzy_date(self):
        return super().fuzzy_date if self.date else None


class WeaponReportCitation(Citation):
    entry = models.ForeignKey(
        WeaponReport,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("weapon report"),
    )

    class Meta(Citation.Meta):
        pass
