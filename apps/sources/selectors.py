"""Published reads of the bibliography."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.actors.models import top_columns, top_from_columns
from apps.core.registry import entry_types

from .footnotes import format_citation
from .models import Source


@dataclass(slots=True)
class CitedSource:
    """One footnote of an entry: the source, and on whose word the outlet reports it.

    ``via_name`` is the actor the outlet reports (empty when it speaks for itself),
    ``via_root`` (pk, name) of the country or organisation that actor belongs to
    (``top_from_columns``: its ``root``, or the actor itself when it belongs to no one).
    """

    source: Source
    via_name: str
    via_root: tuple[int, str] | None
    via_note: str
    source_id: int


_CITATION_COLUMNS = ("group", "entry_id", "source_id", "via_note", *top_columns("via"))


def attach_citations(*groups) -> None:
    """Give every entry ``citation_list``: its citations in order, as ``CitedSource``.

    ``groups`` are ``(citation model, entries)`` pairs, e.g. the events and the troop
    estimates of a page. Two queries in all, whatever the number of groups and
    entries: the citations of every group (one UNION, with the actor each names as
    origin) and their sources (each loaded once, however many entries cite it, with
    its link status). Joining the sources into the UNION saves a query but costs
    PostgreSQL more: it hashes the whole bibliography instead of looking up a page's.
    """
    by_group, queries = [], []
    for index, (citation_model, entries) in enumerate(groups):
        entries_by_pk = _by_pk(entries, "citation_list")
        by_group.append(entries_by_pk)
        if entries_by_pk:
            queries.append(
                citation_model.objects.filter(entry_id__any_of=entries_by_pk)
                .annotate(group=_group(index))
                .values_list(*_CITATION_COLUMNS, "position", "pk")
            )
    if not queries:
        return
    rows = list(_union_all(queries, "group", "entry_id", "position", "pk"))
    published = Source.objects.published().select_related("link_status")
    sources = {s.pk: s for s in published.filter(pk__any_of={row[2] for row in rows})}
    for group, entry_id, source_id, via_note, *via, _position, _pk in rows:
        if source_id not in sources:  # not published
            continue
        cited = CitedSource(
            sources[source_id], via[1] or "", top_from_columns(*via), via_note, source_id
        )
        for entry in by_group[group][entry_id]:
            entry.citation_list.append(cited)


def attach_links(*groups) -> None:
    """Give every entry ``<name>_list``: the actors or places it links to, by name.

    ``groups`` are ``(entries, name)`` pairs, ``name`` a many-to-many field of the
    entries' model ("actors", "places"). One query in all (a UNION over the link
    tables); each linked actor or place carries only what a link shows: slug and name.
    """
    by_group, queries = [], []
    for index, (entries, name) in enumerate(groups):
        entries_by_pk = _by_pk(entries, f"{name}_list")
        if not entries_by_pk:
            by_group.append(None)
            continue
        field = next(iter(entries_by_pk.values()))[0]._meta.get_field(name)
        by_group.append((entries_by_pk, f"{name}_list", field.related_model))
        entry_column, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        queries.append(
            field.remote_field.through.objects.filter(
                **{f"{entry_column}_id__any_of": entries_by_pk}
            )
            .annotate(
                group=_group(index),
                entry=F(f"{entry_column}_id"),
                target_pk=F(f"{target}_id"),
                slug=F(f"{target}__slug"),
                name=F(f"{target}__name"),
            )
            .values_list("group", "entry", "target_pk", "slug", "name")
        )
    if not queries:
        return
    for group, entry_id, *values in _union_all(queries, "group", "entry", "name", "target_pk"):
        entries_by_pk, attribute, model = by_group[group]
        linked = model.from_db(None, ["id", "slug", "name"], values)
        for entry in entries_by_pk[entry_id]:
            getattr(entry, attribute).append(linked)


def _by_pk(entries, attribute) -> dict:
    """pk → the entries with that pk (a page may show an entry twice), each given an
    empty list as ``attribute`` for the loaders to fill."""
    by_pk = {}
    for entry in entries:
        setattr(entry, attribute, [])
        by_pk.setdefault(entry.pk, []).append(entry)
    return by_pk


def _group(index):
    """The column telling a UNION's rows apart by the group of entries they belong to."""
    return Value(index, output_field=IntegerField())


def _union_all(queries, *order):
    """The queries as one: their UNION ALL (or the only one), in ``order``."""
    first, *others = [query.order_by() for query in queries]
    return (first.union(*others, all=True) if others else first).order_by(*order)


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
