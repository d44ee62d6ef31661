"""Published reads of the bibliography."""

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from apps.actors.models import Actor
from apps.moderation.registry import entry_types
from apps.places.models import Place

from .footnotes import format_citation
from .models import Source

_LINKED = {"actors": Actor, "places": Place}


def citations_prefetch(citation_model):
    """``entry.citation_list``: citations in their order, with their sources, for footnotes.

    Lists rather than managers: a page reads them hundreds of times, and each
    ``.all()`` on a prefetched manager clones a queryset.
    """
    return Prefetch(
        "citations",
        queryset=citation_model.objects.select_related(
            "source__link_status", "via__affiliation__affiliation__affiliation"
        ).order_by("position", "pk"),
        to_attr="citation_list",
    )


def links_prefetch(name):
    """``entry.<name>_list``: linked actors or places, as a list (see citations_prefetch).

    Only what a link shows is loaded: the slug and the name.
    """
    return Prefetch(
        name, to_attr=f"{name}_list", queryset=_LINKED[name].objects.only("slug", "name")
    )


def source_list():
    return Source.objects.published().select_related("link_status").order_by("published_on", "pk")


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
    source = Source.objects.published().select_related("link_status").get(slug=slug)
    source.citation = format_citation(source)
    return source, _cited_by([source])[source.pk]
