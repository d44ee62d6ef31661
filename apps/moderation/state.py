"""What the moderation adds to the state of an entry (``core.states``): the state an admin
form describes, the validation of a proposed state, and writing its links and citations.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.registry import EntryType, entry_type_for
from apps.core.states import (
    CITATION_DETAILS,
    UNREADABLE,
    State,
    apply_fields,
    citation_details,
    citation_row,
    empty_state,
    jsonable,
    raw_fields,
    related_models,
    state_from_version,
    state_of,
)

__all__ = [
    "CITATION_DETAILS",
    "UNREADABLE",
    "State",
    "apply_fields",
    "citation_details",
    "citation_row",
    "empty_state",
    "raw_fields",
    "related_models",
    "state_from_form",
    "state_from_version",
    "state_of",
    "validate_state",
    "write_links",
]


def state_from_form(entry_type: EntryType, instance, cleaned_data, citation_rows) -> State:
    """The state an admin form describes: ``instance`` has the form's values applied."""
    state = empty_state(entry_type)
    state["fields"] = {f.name: jsonable(f.value_from_object(instance)) for f in entry_type.fields}
    for field in entry_type.m2m_fields:
        if field.name in cleaned_data:
            state["m2m"][field.name] = sorted(obj.pk for obj in cleaned_data[field.name])
    state["citations"] = [
        citation_row(
            row["source"].pk,
            row["via"].pk if row.get("via") else None,
            row.get("via_note"),
            row.get("anchors"),
            row.get("editor_note"),
        )
        for row in citation_rows
    ]
    return state


def validate_state(entry_type: EntryType, state: State, *, instance, constraints=True) -> None:
    """Refuse a state that could not be published; ``instance`` has its fields applied.

    Runs the model's own validation (fields, ``clean()``, constraints,
    uniqueness) and checks that every linked row and cited source exists.
    ``constraints=False`` leaves the check constraints to the database (at
    approval, when the proposal was validated already and a refusal rolls back).
    """
    if not isinstance(state, dict) or not isinstance(state.get("fields"), dict):
        raise ValidationError(_("A proposed state needs its fields."))
    errors = {}
    try:
        instance.full_clean(validate_constraints=constraints)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for field in entry_type.m2m_fields:
        wanted = set(state.get("m2m", {}).get(field.name, []))
        found = set(
            field.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - found:
            errors.setdefault(field.name, []).append(
                _("Linked entries no longer exist: %(ids)s.") % {"ids": sorted(wanted - found)}
            )
        if not wanted and not field.blank:
            errors.setdefault(field.name, []).append(_("This field is required."))
    rows = state.get("citations", [])
    if rows and entry_type.citation_model is None:
        errors.setdefault("citations", []).append(_("This kind of entry cites no source."))
    elif rows:
        # The models a citation points at, from its own fields: sources and actors.
        citation = entry_type.citation_model._meta
        actors, sources = (citation.get_field(name).related_model for name in ("via", "source"))
        vias = {row.get("via") for row in rows} - {None}
        if vias - set(actors._base_manager.filter(pk__in=vias).values_list("pk", flat=True)):
            errors.setdefault("citations", []).append(
                _("An actor a citation is attributed to no longer exists.")
            )
        cited = [row.get("source") for row in rows]
        if len(cited) != len(set(cited)):
            errors.setdefault("citations", []).append(_("The same source is cited twice."))
        missing = set(cited) - set(
            sources.objects.filter(pk__in=cited).values_list("pk", flat=True)
        )
        if missing:
            errors.setdefault("citations", []).append(
                _("Cited sources no longer exist: %(ids)s.") % {"ids": sorted(missing, key=str)}
            )
    if errors:
        raise ValidationError(errors)


def write_links(entry, state: State) -> None:
    """Replace the entry's many-to-many links and citations with those of ``state``."""
    entry_type = entry_type_for(type(entry))
    for field in entry_type.m2m_fields:
        getattr(entry, field.name).set(state.get("m2m", {}).get(field.name, []))
    if entry_type.citation_model:
        entry.citations.all().delete()
        entry_type.citation_model.objects.bulk_create(
            entry_type.citation_model(
                entry=entry,
                source_id=row["source"],
                position=position,
                via_id=row.get("via"),
                via_note=row.get("via_note") or "",
                anchors=row.get("anchors") or "",
                editor_note=row.get("editor_note") or "",
            )
            for position, row in enumerate(state.get("citations", []), start=1)
        )
