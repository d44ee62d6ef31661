"""API items, made from published states (``history.Publication``): the data now, or as
it was at any moment, by one path."""

from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.urls import get_script_prefix, reverse
from django.utils import translation

from apps.core.dates import FuzzyDate

from .models import Publication
from .shape import shape_of
from .types import ApiType, api_type_of

API_ROOT = "/api/v1"


def api_path(api_type: ApiType, object_id: int) -> str:
    return f"{API_ROOT}/{api_type.path}/{object_id}/"


def permalink(api_type: ApiType, object_id: int) -> str:
    """The entry's public page, by an address that never changes (``views``)."""
    return f"{_permalink_prefix(api_type.name, get_script_prefix())}{object_id}/"


@lru_cache(maxsize=32)
def _permalink_prefix(kind: str, script_prefix: str) -> str:
    return reverse("entry_permalink", args=[kind, 0]).removesuffix("0/")


def ref(model, pk) -> dict | None:
    if pk is None:
        return None
    api_type = api_type_of(model)
    return {"type": api_type.name, "id": pk, "api_url": api_path(api_type, pk)}


# Dates repeat (a day, a month): each is written out once in each language, not once an item.
@lru_cache(maxsize=8192)
def _display(date: FuzzyDate) -> dict[str, str]:
    display = {}
    for language in ("ja", "en"):
        with translation.override(language):
            display[language] = str(date)
    return display


def fuzzy_date(fields: dict, date_relative_to_model) -> dict:
    date = FuzzyDate.of_fields(fields)
    value, end = date.start, date.end
    edtf = date.isoformat() or None
    if edtf and date.approximate:
        edtf = "/".join(f"{side}~" for side in edtf.split("/"))
    relative = None
    if fields.get("date_relative"):
        relative = {
            "words": fields["date_relative"],
            "to": ref(date_relative_to_model, fields.get("date_relative_to")),
        }
    # An undated entry has no date: it is listed by the day it was first reported.
    return {
        "value": None if date.undated else value,
        "reported_on": value if date.undated else None,
        "precision": date.precision,
        "approximate": date.approximate,
        "end": end,
        "last": None if date.undated else date.last_day,
        "edtf": edtf,
        "display": dict(_display(date)),  # a copy: the cached one is shared
        "relative": relative,
    }


def item_of(api_type: ApiType, row: Publication, origin: str) -> dict:
    """What the API says of one published state of an entry: ``row`` is its publication,
    or a row of its ``object_id``, ``version``, ``published_at`` and ``state``."""
    entry_type = api_type.entry_type
    shape = shape_of(entry_type)
    fields, links = row.state["fields"], row.state.get("m2m", {})
    item = {
        "type": api_type.name,
        "id": row.object_id,
        "slug": fields["slug"],
        "version": row.version,
        "published_at": row.published_at,
        "page_url": origin + permalink(api_type, row.object_id),
        "api_url": api_path(api_type, row.object_id),
    }
    for field in shape.plain:
        item[field.name] = fields.get(field.name)
    for field in shape.refs:
        item[field.name] = ref(field.related_model, fields.get(field.name))
    for field in shape.lists:
        item[field.name] = [ref(field.related_model, pk) for pk in links.get(field.name, [])]
    opts = entry_type.model._meta
    if shape.dated:
        relative_to = opts.get_field("date_relative_to").related_model
        item["date"] = fuzzy_date(fields, relative_to)
    if shape.claim:
        item["claim"] = {
            "status": fields.get("claim_status") or "",
            "rank": fields.get("claim_rank"),
            "basis": fields.get("claim_note") or "",
            "inferred": bool(fields.get("claim_inferred")),
            "claimant": ref(opts.get_field("claimant").related_model, fields.get("claimant"))
            if shape.claimant
            else None,
        }
    if shape.cited:
        citation = entry_type.citation_model._meta
        sources, actors = (citation.get_field(name).related_model for name in ("source", "via"))
        item["citations"] = [
            {
                "position": position,
                "source": ref(sources, row_["source"]),
                "according_to": ref(actors, row_.get("via")),
                "according_to_note": row_.get("via_note") or "",
                "anchors": [line for line in (row_.get("anchors") or "").splitlines() if line],
                "editor_note": row_.get("editor_note") or "",
            }
            for position, row_ in enumerate(row.state.get("citations", []), start=1)
        ]
    if shape.points_at_entry:
        corrected = ContentType.objects.get_for_id(fields["content_type"]).model_class()
        item["entry"] = ref(corrected, fields.get("object_id"))
    return item
