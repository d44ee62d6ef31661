from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from apps.core.dates import FuzzyDated
from apps.core.links import url_of
from apps.core.models import SHORT_TEXT_LIMIT, Entry, bounded_text
from apps.sources.models import Citation


class ReactionGroup(models.TextChoices):
    """The article's own grouping of reactions, in its order (``Reaction.group_position``)."""

    UKRAINE_AND_WEST = "west", _("Ukraine and Western countries")
    SURRENDER_APPEAL = "surrender", _("Ukraine's appeal to surrender")
    INTERNATIONAL = "international", _("Other international bodies and countries")


class ReactionKind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    CALL = "call", _("telephone call")
    MEETING = "meeting", _("meeting")
    JOINT_STATEMENT = "joint_statement", _("joint statement")
    APPEAL = "appeal", _("appeal")
    PRESS_CONFERENCE = "press_conference", _("press conference")


class Reaction(Entry, FuzzyDated):
    group = models.CharField(_("group"), max_length=20, choices=ReactionGroup.choices)
    # Computed by the database from the group, whatever writes the row: the page lists
    # reactions in the article's order of groups, then by date, from an index instead of
    # sorting every reaction.
    group_position = models.GeneratedField(
        expression=Case(
            *[
                When(group=value, then=Value(index))
                for index, value in enumerate(ReactionGroup.values)
            ],
            default=Value(len(ReactionGroup.values)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("position of the group in the article"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReactionKind.choices)
    actors = models.ManyToManyField(
        "actors.Actor",
        related_name="reactions",
        verbose_name=_("actors"),
        help_text=_("Who reacted; for a call or a joint statement, every party."),
    )
    supporters = models.ManyToManyField(
        "actors.Actor",
        blank=True,
        related_name="supported_reactions",
        verbose_name=_("supported by"),
        help_text=_(
            "Who, not a party, said they support it (この声明を支持した): kept apart from "
            "the parties."
        ),
    )
    places = models.ManyToManyField(
        "places.Place", blank=True, related_name="reactions", verbose_name=_("places")
    )
    summary = bounded_text(_("summary"), help_text=_("What was said or done."))
    quotation = bounded_text(
        _("quotation"),
        SHORT_TEXT_LIMIT,
        blank=True,
        help_text=_("The words quoted by the source, without 「」; one quotation per line."),
    )

    class Meta(FuzzyDated.Meta):
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["date", "-date_last", "pk"]
        constraints = [
            *FuzzyDated.Meta.constraints,
            models.CheckConstraint(
                condition=Q(group__in=ReactionGroup.values), name="reaction_group_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReactionKind.values), name="reaction_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="reaction_summary_not_empty"),
        ]
        indexes = [
            models.Index(fields=["group", "date"], name="reaction_group_date_idx"),
            models.Index(fields=["group_position", "date"], name="reaction_article_order_idx"),
        ]

    def __str__(self):
        return f"{self.fuzzy_date} {self.summary[:40]}"

    def get_absolute_url(self):
        return f"{url_of('reactions:list')}#{self.slug}"

    @property
    def quotations(self) -> list[str]:
        return [line.strip() for line in self.quotation.splitlines() if line.strip()]


class ReactionCitation(Citation):
    entry = models.ForeignKey(
        Reaction, on_delete=models.CASCADE, related_name="citations", verbose_name=_("reaction")
    )

    class Meta(Citation.Meta):
        pass
