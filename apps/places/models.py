from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_of
from apps.core.models import Entry


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("region or oblast")
    CITY = "city", _("city or town")
    AREA = "area", _("area")


class Place(Entry):
    name = models.CharField(_("name"), max_length=200, help_text=_("As the article writes it."))
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("located in"),
        help_text=_("Only when the source says so: ロシア for クルスク州."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_(
            "Degrees north (south negative), WGS 84: where the place is marked on the map. "
            "Empty for a country, which the map draws itself."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Degrees east (west negative), WGS 84."),
    )
    radius_km = models.PositiveIntegerField(
        _("uncertainty (km)"),
        null=True,
        blank=True,
        help_text=_(
            "For a vague place (a province, “ロシア東部”): how far from the point it may be, "
            "drawn as a circle around the mark. Empty for a town."
        ),
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlaceKind.values), name="place_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="place_name_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="place_not_inside_itself"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_valid",
                violation_error_message=_(
                    "Give both the latitude (−90 to 90) and the longitude (−180 to 180), "
                    "or neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(radius_km__isnull=True) | Q(latitude__isnull=False, radius_km__gt=0),
                name="place_radius_with_a_point",
                violation_error_message=_("An uncertainty needs a point and is above 0 km."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("A point needs both its latitude and its longitude.")}
            )
        if self.radius_km is not None and self.latitude is None:
            raise ValidationError(
                {"radius_km": _("An uncertainty is a distance around a point: give the point.")}
            )

    def get_absolute_url(self):
        return self.url_for_slug(self.slug)

    @staticmethod
    def url_for_slug(slug: str) -> str:
        """The timeline of what happened there (links name places by slug alone)."""
        return f"{url_of('events:timeline')}?place={slug}"
