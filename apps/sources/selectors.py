"""Published reads of the bibliography."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from apps.moderation.registry import entry_types

from .models import Source


def citations_prefetch(citation_model, lookup="citations"):
    """Citations in their order, with their sources, for footnotes."""
    return Prefetch(
        lookup, queryset=citation_model.objects.select_related("source").order_by("position", "pk")
    )


def source_list():
    return Source.objects.published().order_by("published_on", "pk")


PAGE_SIZE = 200


def bibliography(page_number):
    """A page of sources, each with the entries citing it (one query per kind of entry)."""
    page = Paginator(source_list(), PAGE_SIZE).page(page_number or 1)
    sources = list(page.object_list)
    by_source = {source.pk: [] for source in sources}
    for entry_type in entry_types():
        if entry_type.citation_model is None:
            continue
        related = [f"entry__{name}" for name in getattr(entry_type.model, "label_related", ())]
        citations = (
            entry_type.citation_model.objects.filter(source__in=sources)
            .select_related("entry", *related)
            .order_by("entry__pk")
        )
        for citation in citations:
            by_source[citation.source_id].append(citation.entry)
    for source in sources:
        source.cited_by = by_source[source.pk]
    return page, sources
