"""The complete state of an entry as plain JSON: fields, links and ordered citations.

The same shape is read from a live entry, from a stored django-reversion version, from a
proposal and from the publication history, so that diffs, validation, approval, the API
and time travel treat them alike::

    {"fields": {"title": "…", "date": "2024-10-18", "claimant": 12, …},
     "m2m": {"actors": [3, 8], "places": []},
     "citations": [{"source": 15}, {"source": 16}]}
"""

import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from reversion.errors import RevertError

from .registry import EntryType, entry_type_for

State = dict[str, Any]

# What reading a stored version can raise once the model has moved on.
UNREADABLE = (RevertError, FieldDoesNotExist, LookupError, ValueError, TypeError)


def jsonable(value):
    """``value`` as JSON reads it back (dates as ISO strings, decimals as numbers)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def empty_state(entry_type: EntryType) -> State:
    return {"fields": {}, "m2m": {f.name: [] for f in entry_type.m2m_fields}, "citations": []}


def state_of(entry) -> State:
    """The state of a saved (or unsaved) entry, its links and citations included."""
    entry_type = entry_type_for(type(entry))
    state = empty_state(entry_type)
    state["fields"] = {f.name: jsonable(f.value_from_object(entry)) for f in entry_type.fields}
    if entry.pk:
        for field in entry_type.m2m_fields:
            state["m2m"][field.name] = sorted(obj.pk for obj in getattr(entry, field.name).all())
        if entry_type.citation_model:
            citations = sorted(entry.citations.all(), key=lambda c: c.position)
            state["citations"] = [
                citation_row(c.source_id, c.via_id, c.via_note, c.anchors, c.editor_note)
                for c in citations
            ]
    return state


def state_from_version(version, citation_versions=()) -> State:
    """The state stored in a django-reversion version.

    A version written before a migration may no longer load into the model;
    its raw serialised fields are shown rather than failing.
    """
    entry_type = entry_type_for(version.content_type.model_class())
    state = empty_state(entry_type)
    try:
        data = version.field_dict
        for field in entry_type.fields:
            if field.attname in data:
                state["fields"][field.name] = jsonable(data[field.attname])
        for field in entry_type.m2m_fields:
            if field.name in data:
                state["m2m"][field.name] = sorted(data[field.name])
    except UNREADABLE:
        state["fields"] = raw_fields(version)
        state["incompatible"] = True
    rows = []
    for citation in citation_versions:
        try:
            rows.append(citation.field_dict)
        except UNREADABLE:
            rows.append(raw_fields(citation))
    rows.sort(key=lambda row: row.get("position") or 0)
    state["citations"] = [
        citation_row(
            row.get("source_id", row.get("source")),
            row.get("via_id", row.get("via")),
            row.get("via_note"),
            row.get("anchors"),
            row.get("editor_note"),
        )
        for row in rows
    ]
    return state


# What a citation says besides its source: on whose word the outlet reports, where its
# marker stands in the text, and why an editor added it (empty when the article did).
CITATION_DETAILS = ("via", "via_note", "anchors", "editor_note")


def citation_row(source, via=None, via_note="", anchors="", editor_note="") -> dict:
    """One citation in a state: the source, and what ``CITATION_DETAILS`` name."""
    return {
        "source": source,
        "via": via,
        "via_note": via_note or "",
        "anchors": "\n".join(line.strip() for line in (anchors or "").splitlines() if line.strip()),
        "editor_note": editor_note or "",
    }


def citation_details(row) -> tuple:
    """What a citation row says besides its source, to compare two rows."""
    return (row.get("via"), *((row.get(name) or "") for name in CITATION_DETAILS[1:]))


def raw_fields(version) -> dict:
    try:
        return json.loads(version.serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return {"serialized_data": version.serialized_data}


def apply_fields(entry, state: State):
    """Set the proposed field values on ``entry`` (in memory)."""
    entry_type = entry_type_for(type(entry))
    values = state.get("fields", {})
    for field in entry_type.fields:
        if field.name not in values:
            continue
        raw = values[field.name]
        if field.is_relation:
            setattr(entry, field.attname, raw)
        else:
            setattr(entry, field.attname, field.to_python(raw))
    return entry


def related_models(entry_type: EntryType) -> dict[str, type[models.Model]]:
    """Field name → model of every link a state refers to by primary key."""
    related = {f.name: f.related_model for f in entry_type.fields if f.is_relation}
    related.update({f.name: f.related_model for f in entry_type.m2m_fields})
    return related
