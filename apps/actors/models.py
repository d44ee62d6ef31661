from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.links import url_of
from apps.core.models import Entry


class ActorKind(models.TextChoices):
    COUNTRY = "country", _("country")
    GOVERNMENT = "government", _("government body")
    INTELLIGENCE = "intelligence", _("intelligence service")
    MILITARY = "military", _("armed forces or unit")
    INTERNATIONAL = "international", _("international organisation")
    PERSON = "person", _("person")
    MEDIA = "media", _("media")
    OTHER = "other", _("other (unnamed sources…)")


class Actor(Entry):
    """A country, organisation, official or outlet that acts or speaks in the timeline."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As the article writes it."))
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Office held, e.g. ロシア大統領府報道官."),
    )
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("part of"),
        help_text=_("The country or organisation this actor belongs to."),
    )

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="actor_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="actor_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(affiliation=F("pk")), name="actor_not_part_of_itself"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.affiliation_id:
            self._check_affiliation()

    def _check_affiliation(self):
        """No circle of affiliations, and no chain deeper than pages read (``ROOT_DEPTH``)."""
        parents = dict(Actor.objects.values_list("pk", "affiliation_id"))
        if self.pk:
            parents[self.pk] = self.affiliation_id
        above, actor = 0, self.affiliation_id
        while actor is not None:
            if actor == self.pk:
                raise ValidationError({"affiliation": _("An actor cannot be part of itself.")})
            above += 1
            actor = parents.get(actor)
        below = _depth_below(self.pk, parents) if self.pk else 0
        if above + below > ROOT_DEPTH:
            raise ValidationError(
                {
                    "affiliation": _(
                        "Affiliations can be at most %(depth)s levels deep "
                        "(e.g. official → ministry → government → country)."
                    )
                    % {"depth": ROOT_DEPTH}
                }
            )

    def root(self):
        """The country or organisation this actor ultimately belongs to (affiliations loaded)."""
        actor, seen = self, set()
        while actor.affiliation_id and actor.pk not in seen:
            seen.add(actor.pk)
            actor = actor.affiliation
        return actor

    def get_absolute_url(self):
        return f"{url_of('events:timeline')}?actor={self.slug}"


# Actor.root() inside a values() query: an actor and the affiliations above it, this
# many levels up. Actor.clean() refuses deeper chains (the article has one that deep:
# ヴィトロロム → 第3独立強襲旅団 → ウクライナ陸軍 → ウクライナ).
ROOT_DEPTH = 3


def _depth_below(pk, parents) -> int:
    """How many levels of members hang below the actor ``pk`` (``parents``: pk → affiliation)."""
    children = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    depth, level, seen = 0, [pk], {pk}
    while True:
        level = [c for p in level for c in children.get(p, []) if c not in seen]
        if not level:
            return depth
        seen.update(level)
        depth += 1


def root_columns(prefix: str) -> list[str]:
    """``<prefix>__pk``, ``<prefix>__name``, then the same for each affiliation above it."""
    columns, path = [], prefix
    for _level in range(ROOT_DEPTH + 1):
        columns += [f"{path}__pk", f"{path}__name"]
        path += "__affiliation"
    return columns


def root_from_columns(values) -> tuple[int, str] | None:
    """(pk, name) of the topmost actor among ``root_columns`` values; None without an actor."""
    root = None
    for pk, name in zip(values[::2], values[1::2], strict=True):
        if pk is not None:
            root = (pk, name)
    return root
