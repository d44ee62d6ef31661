"""Data-quality problems a careful editor wants to know about.

Each check returns findings; ``check_content`` prints them and fails on errors.
Every check runs a fixed number of queries, whatever the size of the data.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from apps.actors.models import CIRCULAR, Actor, misrooted
from apps.claims.models import ClaimStatus
from apps.claims.provenance import origins
from apps.sources.models import Source
from apps.sources.selectors import attach_citations

from .registry import entry_types

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    label: str
    slug: str
    message: str

    def __str__(self):
        return f"{self.level.upper():7} {self.label} {self.slug!r}: {self.message}"


def _cited_types():
    return [t for t in entry_types() if t.citation_model is not None]


def entries_without_citations():
    for entry_type in _cited_types():
        citations = entry_type.citation_model.objects.filter(entry=OuterRef("pk"))
        level = ERROR if entry_type.requires_citation else WARNING
        for slug in (
            entry_type.model.objects.filter(~Exists(citations))
            .order_by("pk")
            .values_list("slug", flat=True)
        ):
            yield Finding(level, entry_type.label, slug, "citation needed: no source is cited.")


def source_date_contradictions():
    today = timezone.localdate()
    for slug, published, accessed in Source.objects.order_by("pk").values_list(
        "slug", "published_on", "accessed_on"
    ):
        if accessed < published:
            yield Finding(
                ERROR,
                "sources.source",
                slug,
                f"accessed on {accessed} (閲覧日), before its publication on {published}.",
            )
        if published > today:
            yield Finding(ERROR, "sources.source", slug, f"published in the future ({published}).")
        if accessed > today:
            yield Finding(ERROR, "sources.source", slug, f"accessed in the future ({accessed}).")


def entries_dated_after_their_sources():
    """An entry whose period begins after a source it cites was published."""
    for entry_type in _cited_types():
        if "date" not in {f.name for f in entry_type.fields}:
            continue
        rows = (
            entry_type.citation_model.objects.filter(entry__date__gt=F("source__published_on"))
            .select_related("entry", "source")
            .order_by("entry__pk", "position")
        )
        for citation in rows:
            entry, source = citation.entry, citation.source
            yield Finding(
                ERROR,
                entry_type.label,
                entry.slug,
                f"dated {entry.fuzzy_date} but cites {source.slug!r}, published earlier "
                f"({source.published_on}).",
            )


def sources_never_cited():
    cited = [Exists(t.citation_model.objects.filter(source=OuterRef("pk"))) for t in _cited_types()]
    query = Source.objects.all()
    for condition in cited:
        query = query.filter(~condition)
    for slug in query.order_by("pk").values_list("slug", flat=True):
        yield Finding(WARNING, "sources.source", slug, "never cited by any entry.")


def undated_entries():
    for entry_type in entry_types():
        date_field = next((f for f in entry_type.fields if f.name == "date"), None)
        if date_field is None or not date_field.null:
            continue
        for slug in entry_type.model.objects.filter(date__isnull=True).values_list(
            "slug", flat=True
        ):
            yield Finding(WARNING, entry_type.label, slug, "has no date.")


def claims_without_their_evidence():
    """Corroborated needs two independent origins among the citations; confirmed says how."""
    for entry_type in _cited_types():
        if "claim_status" not in {f.name for f in entry_type.fields}:
            continue
        claims = list(
            entry_type.model.objects.filter(
                claim_status__in=[ClaimStatus.CORROBORATED, ClaimStatus.CONFIRMED]
            ).order_by("pk")
        )
        attach_citations((entry_type.citation_model, claims))
        for entry in claims:
            found = origins(entry.citation_list)
            if entry.claim_status == ClaimStatus.CORROBORATED and len(found) < 2:
                yield Finding(
                    ERROR,
                    entry_type.label,
                    entry.slug,
                    "corroborated, but every citation traces back to "
                    f"{found[0][2] if found else 'nothing'}.",
                )
            if entry.claim_status == ClaimStatus.CONFIRMED and not entry.claim_note:
                yield Finding(
                    WARNING, entry_type.label, entry.slug, "confirmed without saying how."
                )


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


CHECKS = [
    entries_without_citations,
    source_date_contradictions,
    entries_dated_after_their_sources,
    sources_never_cited,
    undated_entries,
    claims_without_their_evidence,
    affiliation_problems,
]


def run_checks() -> list[Finding]:
    return [finding for check in CHECKS for finding in check()]
