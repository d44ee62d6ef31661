"""Published reads of the bibliography."""

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from apps.moderation.registry import entry_types

from .footnotes import format_citation
from .models import Source


def citations_prefetch(citation_model, lookup="citations"):
    """Citations in their order, with their sources, for footnotes."""
    return Prefetch(
        lookup, queryset=citation_model.objects.select_related("source").order_by("position", "pk")
    )


def source_list():
    return Source.objects.published().order_by("published_on", "pk")


PAGE_SIZE = 100


def _cited_by(sources):
    """Source pk → [(kind of entry, entry)], one query per kind of entry."""
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
        kind = entry_type.model._meta.verbose_name
        for citation in citations:
            by_source[citation.source_id].append((kind, citation.entry))
    return by_source


def bibliography(page_number):
    """A page of sources, formatted, each with how many entries cite it."""
    page = Paginator(source_list().annotate(cited_count=_citation_count()), PAGE_SIZE).page(
        page_number or 1
    )
    sources = list(page.object_list)
    for source in sources:
        source.citation = format_citation(source)
    return page, sources


def _citation_count():
    total = None
    for entry_type in entry_types():
        if entry_type.citation_model is None:
            continue
        count = Coalesce(
            Subquery(
                entry_type.citation_model.objects.filter(source=OuterRef("pk"))
                .order_by()
                .values("source")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
        total = count if total is None else total + count
    return total


def source_detail(slug):
    source = Source.objects.published().get(slug=slug)
    source.citation = format_citation(source)
    return source, _cited_by([source])[source.pk]
