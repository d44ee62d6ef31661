"""Which models are editorial entries, and how their state is made of parts.

Every entry is registered once, from its app's ``ready()``. Registration puts
the model (and its citations) under django-reversion and records what the
moderation workflow needs to serialise, diff and apply a complete state.
"""

from dataclasses import dataclass

import reversion
from django.db import models


@dataclass(frozen=True)
class EntryType:
    model: type[models.Model]
    citation_model: type[models.Model] | None = None
    requires_citation: bool = False
    # Fields that mean one thing together and so merge as one: a date and its precision,
    # a figure and its range, a claim's status and its basis.
    merged_together: tuple[tuple[str, ...], ...] = ()
    # The field that holds the entry's words as the sources write them (an event's text,
    # a reaction's summary, an estimate's statement), if it has one: what the article page
    # shows, footnotes are anchored in, and figures are found in.
    text_field: str | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> list[models.Field]:
        """Concrete fields an editor sets (not the pk, version or derived fields)."""
        return [
            field
            for field in self.model._meta.concrete_fields
            if field.editable and not field.primary_key
        ]

    @property
    def m2m_fields(self) -> list[models.ManyToManyField]:
        return list(self.model._meta.many_to_many)


_registry: dict[type[models.Model], EntryType] = {}


# Groups every entry that has these fields merges as one (see ``EntryType.merged_together``).
DATE_PARTS = ("date", "date_precision", "date_approximate", "date_end")  # one fuzzy date
RELATIVE_DATE = ("date_relative", "date_relative_to")  # この前後から, and the event it refers to
COMMON_GROUPS = (
    DATE_PARTS,
    RELATIVE_DATE,
    ("claim_status", "claim_rank", "claim_note", "claim_inferred"),
)


def register(
    model, *, citations=None, requires_citation=False, merged_together=(), text_field=None
) -> EntryType:
    names = {f.name for f in model._meta.get_fields()}
    groups = tuple(group for group in (*COMMON_GROUPS, *merged_together) if names.issuperset(group))
    entry_type = EntryType(model, citations, requires_citation, groups, text_field)
    if citations is not None:
        reversion.register(citations)
        reversion.register(model, follow=("citations",))
    else:
        reversion.register(model)
    _registry[model] = entry_type
    return entry_type


def entry_type_for(model) -> EntryType:
    model = model._meta.concrete_model
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not an editorial entry.") from None


def entry_types() -> list[EntryType]:
    return list(_registry.values())
