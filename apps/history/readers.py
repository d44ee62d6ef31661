"""Reading the published history: entries as the public saw them at a moment."""

from apps.core.states import apply_fields

from .models import Publication


def states_at(model, moment, ids=None) -> dict[int, Publication]:
    """id → the publication of each entry of ``model`` readers saw at ``moment`` (those of
    ``ids``, or all): one query."""
    rows = Publication.objects.of(model).at(moment)
    if ids is not None:
        rows = rows.filter(object_id__in=set(ids))
    return {row.object_id: row for row in rows}


def fields_at(model, moment, names, ids=None) -> dict[int, tuple]:
    """id → the values of the fields ``names`` of each entry of ``model`` readers saw at
    ``moment`` (those of ``ids``, or all), read out of the states by the database: one
    query, no state decoded whole."""
    rows = Publication.objects.of(model).at(moment)
    if ids is not None:
        rows = rows.filter(object_id__in=set(ids))
    columns = [f"state__fields__{name}" for name in names]
    return {pk: tuple(values) for pk, *values in rows.values_list("object_id", *columns)}


def entry_of(model, row: Publication):
    """An unsaved instance of ``model`` holding a published state: what the pages' rows are
    built from, as from an entry read from its table. Its links are ids; whoever shows
    them sets the related instances, as they were at the same moment."""
    entry = model(pk=row.object_id)
    apply_fields(entry, row.state)
    entry.version = row.version
    if hasattr(entry, "date_last"):
        entry.date_last = row.date_last
    return entry


def entries_at(model, moment, ids=None) -> dict:
    """id → instance (``entry_of``) of each entry of ``model`` at ``moment``."""
    return {pk: entry_of(model, row) for pk, row in states_at(model, moment, ids).items()}
