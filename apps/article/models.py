"""The article itself: its title and infobox, and the prose that is not a dated entry."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_of
from apps.core.models import Entry, bounded_text
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
    result = bounded_text(
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
    """The article's sections and sub-sections, in the article's order."""

    LEAD = "lead", _("lead")
    BACKGROUND = "background", _("background")
    COURSE = "course", _("course of events")
    ANALYSIS = "analysis", _("size of the deployment and the soldiers sent")
    ANALYSIS_SOLDIERS = "analysis_soldiers", _("the North Korean soldiers in detail")
    REACTIONS_WEST = "reactions_west", _("Ukraine and Western countries")
    REACTIONS_SURRENDER = "reactions_surrender", _("Ukraine's calls to surrender")
    REACTIONS_INTERNATIONAL = (
        "reactions_international",
        _("other international organisations and countries"),
    )
    WEAPONS = "weapons", _("North Korea's supply of weapons")


class Chapter(models.TextChoices):
    """The article's headings above its sub-sections (分析, 反応)."""

    ANALYSIS = "analysis", _("analysis")
    REACTIONS = "reactions", _("reactions")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}

# The sub-sections, under their chapter's heading.
CHAPTER_OF = {
    Section.ANALYSIS: Chapter.ANALYSIS,
    Section.ANALYSIS_SOLDIERS: Chapter.ANALYSIS,
    Section.REACTIONS_WEST: Chapter.REACTIONS,
    Section.REACTIONS_SURRENDER: Chapter.REACTIONS,
    Section.REACTIONS_INTERNATIONAL: Chapter.REACTIONS,
}

# A passage may stand for a dated entry, whose text (its entry type's ``text_field``) the
# article then shows: the fields that name it.
PLACED_ENTRIES = ("event", "reaction", "weapon_report")


class Passage(Entry):
    """A piece of the article in its order: prose with no date of its own (the lead,
    background and analysis sentences), or a dated entry whose text is the article's."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="passages", verbose_name=_("article")
    )
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("order in section"))
    starts_paragraph = models.BooleanField(
        _("starts a paragraph"), default=False, help_text=_("The article begins a paragraph here.")
    )
    text = bounded_text(
        _("text"),
        blank=True,
        help_text=_("The article's words; empty when the passage stands for an entry below."),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="article_passages",
        verbose_name=_("event"),
        help_text=_("The event whose text is this passage of the article."),
    )
    reaction = models.ForeignKey(
        "reactions.Reaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="article_passages",
        verbose_name=_("reaction"),
    )
    weapon_report = models.ForeignKey(
        "weapons.WeaponReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="article_passages",
        verbose_name=_("weapon report"),
    )
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
            models.CheckConstraint(
                condition=(
                    (~Q(text="") & Q(event=None, reaction=None, weapon_report=None))
                    | Q(text="", event__isnull=False, reaction=None, weapon_report=None)
                    | Q(text="", event=None, reaction__isnull=False, weapon_report=None)
                    | Q(text="", event=None, reaction=None, weapon_report__isnull=False)
                ),
                name="passage_text_or_one_entry",
                violation_error_message=_(
                    "A passage is either the article's words or one entry, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["article", "section", "position"], name="passage_position_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()} {self.position}: {self.text[:40] or self.slug}"

    @property
    def placed_field(self) -> str | None:
        """The field naming the entry the passage stands for, if it stands for one."""
        return next((name for name in PLACED_ENTRIES if getattr(self, f"{name}_id")), None)

    @property
    def stands_for_entry(self) -> bool:
        """It shows an entry's text (and footnotes), not words of its own."""
        return self.placed_field is not None

    def clean(self):
        super().clean()
        placed = [name for name in PLACED_ENTRIES if getattr(self, f"{name}_id")]
        if len(placed) > 1:
            raise ValidationError(
                {placed[1]: _("A passage stands for one entry: choose one of them.")}
            )
        if placed and self.text.strip():
            raise ValidationError(
                {"text": _("Leave the text empty: the passage shows the entry's.")}
            )
        if not placed and not self.text.strip():
            raise ValidationError({"text": _("Give the article's words, or choose an entry.")})

    def get_absolute_url(self):
        return f"{url_of('article:detail')}#{self.slug}"


class PassageCitation(Citation):
    entry = models.ForeignKey(
        Passage, on_delete=models.CASCADE, related_name="citations", verbose_name=_("passage")
    )

    class Meta(Citation.Meta):
        pass
