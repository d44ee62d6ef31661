"""Published reads of the bibliography."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.actors.models import Actor, expected_roots, top_columns, top_from_columns
from apps.core.registry import entry_types
from apps.core.rows import Link
from apps.history.readers import fields_at, states_at

from .footnotes import SOURCE_ROW_COLUMNS, SourceRow, source_row
from .models import LinkState, LinkStatus, Source
from .rows import BibliographyRow, CitedSource, CitingEntry

_CITATION_COLUMNS = ("group", "entry_id", "source_id", *top_columns("via"))


def load_citations(*groups) -> list[dict[int, list[CitedSource]]]:
    """The citations of entries of several kinds, each kind's as entry id → citations in order.

    ``groups`` are ``(citation model, entry ids)`` pairs, e.g. the events and the troop
    estimates of a page. Two queries in all, whatever the number of groups and
    entries: the citations of every group (one UNION, with the actor each names as
    origin) and their sources (each loaded once, however many entries cite it, with
    its link status). Joining the sources into the UNION saves a query but costs
    PostgreSQL more: it hashes the whole bibliography instead of looking up a page's.
    A source that is not published is left out.
    """
    found = [{entry_id: [] for entry_id in ids} for _, ids in groups]
    queries = [
        citation_model.objects.filter(entry_id__any_of=set(ids))
        .annotate(group=_group(index))
        .values_list(*_CITATION_COLUMNS, "anchors", "editor_note", "position", "pk")
        for index, (citation_model, ids) in enumerate(groups)
        if ids
    ]
    if not queries:
        return found
    rows = list(_union_all(queries, "group", "entry_id", "position", "pk"))
    sources = source_rows(Source.objects.published().filter(pk__any_of={row[2] for row in rows}))
    for group, entry_id, source_id, *via, anchors, editor_note, _position, _pk in rows:
        if source_id in sources:
            found[group][entry_id].append(
                CitedSource(
                    sources[source_id], top_from_columns(*via), source_id, anchors, editor_note
                )
            )
    return found


def source_rows(sources) -> dict[int, SourceRow]:
    """pk → row of each source of the queryset ``sources``, read as values: a page cites
    hundreds, and a model instance for each would only be copied into its row."""
    return {
        row[0]: SourceRow(*row)
        for row in sources.with_link_state().values_list(*SOURCE_ROW_COLUMNS)
    }


def load_links(*groups) -> list[dict[int, list[Link]]]:
    """The actors or places entries link to, each group's as entry id → links by name.

    ``groups`` are ``(model, name, entry ids)``, ``name`` a many-to-many field of
    ``model`` ("actors", "places") whose model has ``url_for_slug``. One query in all
    (a UNION over the link tables); each link carries only what it shows: the name
    and the URL.
    """
    found = [{entry_id: [] for entry_id in ids} for _, _, ids in groups]
    queries, targets = [], []
    for index, (model, name, ids) in enumerate(groups):
        field = model._meta.get_field(name)
        targets.append(field.related_model)
        if not ids:
            continue
        entry_column, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        queries.append(
            field.remote_field.through.objects.filter(**{f"{entry_column}_id__any_of": set(ids)})
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
        return found
    rows = _union_all(queries, "group", "entry", "name", "target_pk")
    for group, entry_id, pk, slug, name in rows:
        found[group][entry_id].append(Link(name, targets[group].url_for_slug(slug), pk=pk))
    return found


def _group(index):
    """The column telling a UNION's rows apart by the group of entries they belong to."""
    return Value(index, output_field=IntegerField())


def _union_all(queries, *order):
    """The queries as one: their UNION ALL (or the only one), in ``order``."""
    first, *others = [query.order_by() for query in queries]
    return (first.union(*others, all=True) if others else first).order_by(*order)


def source_list():
    return Source.objects.published().with_link_state().order_by("published_on", "pk")


PAGE_SIZE = 100


def _cited_by(source) -> list[CitingEntry]:
    """Every entry citing ``source``: one query per kind of entry."""
    found = []
    for entry_type in entry_types():
        if entry_type.citation_model is None:
            continue
        related = [f"entry__{name}" for name in getattr(entry_type.model, "label_related", ())]
        citations = (
            entry_type.citation_model.objects.filter(source=source)
            .select_related("entry", *related)
            .order_by("entry__pk")
        )
        kind = str(entry_type.model._meta.verbose_name)
        found += [CitingEntry(kind, str(c.entry), c.entry.get_absolute_url()) for c in citations]
    return found


def bibliography(page_number):
    """A page of sources, each with how many entries cite it."""
    page = Paginator(source_list().annotate(cited_count=_citation_count()), PAGE_SIZE).page(
        page_number or 1
    )
    return page, [BibliographyRow(source_row(s), s.cited_count) for s in page.object_list]


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


def source_detail(slug) -> tuple[SourceRow, list[CitingEntry]]:
    source = Source.objects.published().with_link_state().get(slug=slug)
    return source_row(source), _cited_by(source)


# --- as the public saw them at a moment (``history``) -----------------------------------


def load_citations_at(moment, *groups, actors=None) -> list[dict[int, list[CitedSource]]]:
    """``load_citations`` for published states at ``moment``: ``groups`` are dicts of entry
    id → state (``history.Publication.state``). The sources and actors are read as they
    were then (``actors``, when the page has them already); what the link checks found, as
    it is now (it describes the web, not the data). Three queries in all."""
    found = [{entry_id: [] for entry_id in states} for states in groups]
    cited = {
        row["source"]
        for states in groups
        for state in states.values()
        for row in state.get("citations", [])
    }
    if not cited:
        return found
    sources = source_rows_at(moment, cited)
    roots = (actors or actors_at(moment)).roots
    for index, states in enumerate(groups):
        for entry_id, state in states.items():
            for row in state.get("citations", []):
                source = sources.get(row["source"])
                if source is not None:
                    via = row.get("via")
                    found[index][entry_id].append(
                        CitedSource(
                            source,
                            roots.get(via) if via else None,
                            row["source"],
                            row.get("anchors") or "",
                            row.get("editor_note") or "",
                        )
                    )
    return found


def source_rows_at(moment, ids) -> dict[int, SourceRow]:
    """pk → row of each source of ``ids`` as it was published at ``moment``."""
    states = states_at(Source, moment, ids)
    link_states = dict(
        LinkStatus.objects.filter(source_id__in=list(states)).values_list("source_id", "state")
    )
    rows = {}
    for pk, row in states.items():
        fields = row.state["fields"]
        rows[pk] = SourceRow(
            pk=pk,
            slug=fields["slug"],
            title=fields["title"],
            work=fields["work"],
            publisher=fields.get("publisher") or "",
            author=fields.get("author") or "",
            published_on=datetime.date.fromisoformat(fields["published_on"]),
            accessed_on=datetime.date.fromisoformat(fields["accessed_on"]),
            url=fields.get("url") or "",
            archive_url=fields.get("archive_url") or "",
            link_state=link_states.get(pk, LinkState.UNKNOWN),
            language=fields.get("language") or "",
        )
    return rows


@dataclass(frozen=True, slots=True)
class ActorsAt:
    """Every actor at a moment, as they are few: its name, and the (pk, name) of the country
    or organisation it belonged to (itself at the top), from the affiliations as published
    then: what single origin is judged on (``top_from_columns``)."""

    names: dict[int, str]
    roots: dict[int, tuple[int, str]]


def actors_at(moment) -> ActorsAt:
    """``ActorsAt`` ``moment``: one query."""
    actors = fields_at(Actor, moment, ("name", "affiliation"))
    names = {pk: name for pk, (name, _) in actors.items()}
    expected = expected_roots({pk: affiliation for pk, (_, affiliation) in actors.items()})
    roots = {}
    for pk, name in names.items():
        root = expected.get(pk)
        roots[pk] = (root, names[root]) if root in names else (pk, name)
    return ActorsAt(names, roots)


def load_links_at(moment, *groups) -> list[dict[int, list[Link]]]:
    """``load_links`` for published states at ``moment``: ``groups`` are ``(model, name,
    states)``, ``states`` a dict of entry id → state. One query per kind of target."""
    found = [{entry_id: [] for entry_id in states} for _, _, states in groups]
    wanted = {}
    for model, name, states in groups:
        target = model._meta.get_field(name).related_model
        for state in states.values():
            wanted.setdefault(target, set()).update(state.get("m2m", {}).get(name, []))
    targets = {model: states_at(model, moment, ids) for model, ids in wanted.items() if ids}
    for index, (model, name, states) in enumerate(groups):
        target = model._meta.get_field(name).related_model
        rows = targets.get(target, {})
        for entry_id, state in states.items():
            links = [
                (rows[pk].state["fields"]["name"], pk, rows[pk].state["fields"]["slug"])
                for pk in state.get("m2m", {}).get(name, [])
                if pk in rows
            ]
            found[index][entry_id] = [
                Link(link_name, target.url_for_slug(slug), pk=pk)
                for link_name, pk, slug in sorted(links)
            ]
    return found
