"""The article itself: its title and infobox, and the prose that is not a dated entry."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_of
from apps.core.models import Entry
from apps.sources.models import Citation


class Article(Entry):
    title = models.CharField(_("title"), max_length=200)
    reading = models.CharField(_("reading"), max_length=200, blank=True)
    part_of = models.CharField(
        _("part of"), max_length=200, blank=True, help_text=_("The wider conflict (infobox).")
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="articles", verbose_name=_("location")
    )
    result = models.TextField(
        _("result"), blank=True, help_text=_("Infobox 結果; empty while the outcome is open.")
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_of("article:detail")


class Section(models.TextChoices):
    LEAD = "lead", _("lead")
    BACKGROUND = "background", _("background")
    ANALYSIS = "analysis", _("analysis")
    WEAPONS = "weapons", _("weapons supplied")


class Passage(Entry):
    """Prose with no date of its own: the lead, background and analysis sentences."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="passages", verbose_name=_("article")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("order in section"))
    text = models.TextField(_("text"))
    actors = models.ManyToManyField(
        "actors.Actor",
        blank=True,
        related_name="passages",
        verbose_name=_("attributed to"),
        help_text=_("Who the passage reports or whose analysis it is."),
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="passages", verbose_name=_("places")
    )

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["article", "section", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="passage_section_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="passage_text_not_empty"),
            models.UniqueConstraint(
                fields=["article", "section", "position"], name="passage_position_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()} {self.position}: {self.text[:40]}"

    def get_absolute_url(self):
        return f"{url_of('article:detail')}#{self.slug}"


class PassageCitation(Citation):
    entry = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="citations", verbose_name=_("passage")
    )

    class Meta(Citation.Meta):
        pass
