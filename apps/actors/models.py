from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_save, pre_save
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
    # Derived on every save (fixtures included) so that pages group claims by country in
    # one join, however deep the affiliations: the topmost actor above this one, or None
    # when it belongs to no one.
    root = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("country or organisation"),
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
        if self.affiliation_id and self.pk and self._is_above(self.affiliation_id):
            raise ValidationError({"affiliation": _("An actor cannot be part of itself.")})

    def _is_above(self, actor_pk) -> bool:
        """True when ``actor_pk`` is this actor or one of its members, at any depth."""
        parents = dict(Actor.objects.values_list("pk", "affiliation_id"))
        seen = set()
        while actor_pk is not None and actor_pk not in seen:
            if actor_pk == self.pk:
                return True
            seen.add(actor_pk)
            actor_pk = parents.get(actor_pk)
        return False

    def get_absolute_url(self):
        return self.url_for_slug(self.slug)

    @staticmethod
    def url_for_slug(slug: str) -> str:
        """The timeline of what the actor did or said (links name actors by slug alone)."""
        return f"{url_of('events:timeline')}?actor={slug}"


def top_columns(prefix: str) -> list[str]:
    """The ``values()`` columns ``top_from_columns`` reads for the actor at ``prefix``."""
    return [f"{prefix}__pk", f"{prefix}__name", f"{prefix}__root__pk", f"{prefix}__root__name"]


def top_from_columns(pk, name, root_pk, root_name) -> tuple[int, str] | None:
    """(pk, name) of the country or organisation an actor belongs to (its ``root``), or
    of the actor itself when it belongs to no one; None when there is no actor."""
    if root_pk is not None:
        return (root_pk, root_name)
    return (pk, name) if pk is not None else None


CIRCULAR = object()  # ``expected_roots`` of an actor whose affiliations lead into a circle


def expected_roots(parents: dict) -> dict:
    """pk → the root its affiliations lead to (None at the top), or ``CIRCULAR`` when they
    lead into a circle; ``parents``: pk → affiliation pk."""
    roots = {}
    for pk in parents:
        root, above, seen = None, parents[pk], {pk}
        while above is not None and above not in seen:
            seen.add(above)
            root, above = above, parents.get(above)
        roots[pk] = CIRCULAR if above is not None else root
    return roots


def misrooted(rows) -> dict:
    """pk → the root its affiliations lead to (or ``CIRCULAR``), for every actor whose stored
    root is not that; ``rows``: (pk, affiliation pk, stored root pk) of every actor."""
    rows = list(rows)
    expected = expected_roots({pk: above for pk, above, _ in rows})
    return {pk: expected[pk] for pk, _, stored in rows if expected[pk] != stored}


def derive_all_roots() -> int:
    """Re-derive every actor's stored root from the affiliations; how many were wrong
    (actors in or below a circle are left as they are: ``check_content`` reports them)."""
    wrong = misrooted(Actor.objects.values_list("pk", "affiliation_id", "root_id"))
    fixable = {pk: root for pk, root in wrong.items() if root is not CIRCULAR}
    for pk, root in fixable.items():
        Actor.objects.filter(pk=pk).update(root_id=root)
    return len(fixable)


def _root_above(affiliation_id, using):
    """The root of an actor that is part of ``affiliation_id``."""
    if affiliation_id is None:
        return None
    # Publications queue on the content version (``lock_for_publication``): no other
    # approval can be moving the affiliation while this reads its root.
    above = Actor.objects.using(using).filter(pk=affiliation_id)
    root = above.values_list("root_id", flat=True).first()
    # A fixture may list a member before the actor it belongs to: that actor's own
    # save corrects the member (``_reroot_members``).
    return root or affiliation_id


def _derive_root(sender, instance, using, raw=False, **kwargs):
    instance.root_id = _root_above(instance.affiliation_id, using)


def _reroot_members(sender, instance, using, raw=False, **kwargs):
    """Give every member below ``instance``, at any depth, the root ``instance`` has."""
    actors = Actor.objects.using(using)
    top = instance.root_id or instance.pk
    level, seen = [instance.pk], {instance.pk}
    while level:
        level = [
            pk
            for pk in actors.filter(affiliation_id__in=level).values_list("pk", flat=True)
            if pk not in seen  # a circle (only a hand-written fixture can hold one) ends here
        ]
        seen.update(level)
        actors.filter(pk__in=level).exclude(root_id=top).update(root_id=top)


# Signals rather than save(): fixture (raw) saves bypass Model.save().
pre_save.connect(_derive_root, sender=Actor, dispatch_uid="actors_derive_root")
post_save.connect(_reroot_members, sender=Actor, dispatch_uid="actors_reroot_members")
