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

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlaceKind.values), name="place_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="place_name_not_empty"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="place_not_inside_itself"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url_for_slug(self.slug)

    @staticmethod
    def url_for_slug(slug: str) -> str:
        """The timeline of what happened there (links name places by slug alone)."""
        return f"{url_of('events:timeline')}?place={slug}"
