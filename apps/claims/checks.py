"""Data-quality problems a careful editor wants to know about.

The rules about one entry live in ``rules`` (the moderation services enforce the same);
this module applies them to every published entry and adds the checks that are
about the data set as a whole. ``check_content`` prints the findings and fails
on errors. Every check runs a fixed number of queries, whatever the size of the data.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from apps.actors.models import CIRCULAR, Actor, misrooted
from apps.core.registry import entry_types
from apps.sources.models import Source

from .rules import ERROR, WARNING, problems_of, published_subjects

__all__ = ["ERROR", "WARNING", "Finding", "register_check", "run_checks"]


@dataclass(frozen=True)
class Finding:
    level: str
    label: str
    slug: str
    message: str

    def __str__(self):
        return f"{self.level.upper():7} {self.label} {self.slug!r}: {self.message}"


def entry_rules():
    for subject in published_subjects():
        for problem in problems_of(subject):
            yield Finding(
                problem.level, subject.entry_type.label, subject.entry.slug, problem.message
            )


def sources_never_cited():
    cited = [
        Exists(t.citation_model.objects.filter(source=OuterRef("pk")))
        for t in entry_types()
        if t.citation_model is not None
    ]
    query = Source.objects.all()
    for condition in cited:
        query = query.filter(~condition)
    for slug in query.order_by("pk").values_list("slug", flat=True):
        yield Finding(WARNING, "sources.source", slug, "never cited by any entry.")


def affiliation_problems():
    """Circles of affiliations (approval refuses them; a hand-written fixture may not), and
    stored roots that disagree with the affiliations (an ``update()`` or raw SQL that
    bypassed the signals)."""
    rows = list(Actor.objects.values_list("pk", "slug", "affiliation_id", "root_id"))
    slugs = {pk: slug for pk, slug, _, _ in rows}
    stored = {pk: root for pk, _, _, root in rows}
    for pk, root in misrooted((pk, above, root) for pk, _, above, root in rows).items():
        if root is CIRCULAR:
            yield Finding(
                ERROR, "actors.actor", slugs[pk], "belongs, through its affiliations, to a circle."
            )
        else:
            yield Finding(
                ERROR,
                "actors.actor",
                slugs[pk],
                f"stores {slugs.get(stored[pk], 'no')} root, its affiliations lead to "
                f"{slugs[root] if root else 'none'}; run `manage.py derive_actor_roots`.",
            )


CHECKS = [entry_rules, sources_never_cited, affiliation_problems]


def register_check(check):
    """Add a check of the data set as a whole, from an app above this one (its
    ``ready()``): the estimates' figures, the article's order."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check


def run_checks() -> list[Finding]:
    return [finding for check in CHECKS for finding in check()]
