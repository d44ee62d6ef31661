"""How an entry's state becomes an API item, field by field, for every kind of entry.

An item says only what its own state says: what it refers to is a reference (type, id, its
API address), never a copy of the other entry's words. So an entry's item changes exactly
when the entry is published again, and a mirror kept by the change feed stays exact.
"""

from dataclasses import dataclass
from functools import cache

from django.db import models

from apps.core.registry import DATE_PARTS, RELATIVE_DATE, EntryType

CLAIM_FIELDS = ("claim_status", "claim_rank", "claim_note", "claim_inferred", "claimant")
# A correction points at the entry it corrects by kind and id.
ENTRY_POINTER = ("content_type", "object_id")
COMMON = ("slug",)


@dataclass(frozen=True, slots=True)
class Shape:
    plain: tuple[models.Field, ...]  # copied as they are
    refs: tuple[models.ForeignKey, ...]  # another entry, as a reference
    lists: tuple[models.ManyToManyField, ...]  # other entries, as references
    dated: bool  # a fuzzy date ("date")
    claim: bool  # a claim ("claim")
    claimant: bool  # the claim names who makes it (a weapon report names an observer)
    cited: bool  # ordered citations ("citations")
    points_at_entry: bool  # a correction: the entry it corrects ("entry")


@cache
def shape_of(entry_type: EntryType) -> Shape:
    names = {field.name for field in entry_type.fields}
    dated = names.issuperset(DATE_PARTS)
    claim = names.issuperset(CLAIM_FIELDS[:4])
    points_at_entry = names.issuperset(ENTRY_POINTER)
    grouped = set(COMMON)
    if dated:
        grouped |= {*DATE_PARTS, *RELATIVE_DATE}
    if claim:
        grouped |= set(CLAIM_FIELDS)
    if points_at_entry:
        grouped |= set(ENTRY_POINTER)
    plain = tuple(f for f in entry_type.fields if f.name not in grouped and not f.is_relation)
    refs = tuple(f for f in entry_type.fields if f.name not in grouped and f.is_relation)
    return Shape(
        plain=plain,
        refs=refs,
        lists=tuple(entry_type.m2m_fields),
        dated=dated,
        claim=claim,
        claimant=claim and "claimant" in names,
        cited=entry_type.citation_model is not None,
        points_at_entry=points_at_entry,
    )
