"""Writing the published history: called by whatever publishes, in its transaction."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.core.folding import fold, kind_token, search_tokens, year_token
from apps.core.registry import entry_type_for
from apps.core.states import State, related_models

from .models import Publication, PublicationAction, PublicationReference


def publication_record(
    *,
    model,
    object_id: int,
    action: str,
    version: int,
    state: State | None,
    summary: str = "",
    date_last: datetime.date | None = None,
    when: datetime.datetime | None = None,
) -> Publication:
    """Record that ``state`` of an entry was published at ``when`` (now): the entry's
    previous publication is superseded at that moment. ``state`` is None for a deletion.

    The caller holds the publication lock (``ContentVersion.lock_for_publication``), so
    that publications are recorded, and numbered, in the order they commit.
    """
    when = when or timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    Publication.objects.filter(
        content_type=content_type, object_id=object_id, superseded_at__isnull=True
    ).update(superseded_at=when)
    fields = (state or {}).get("fields", {})
    row = Publication.objects.create(
        content_type=content_type,
        object_id=object_id,
        action=action,
        version=version,
        published_at=when,
        summary=(summary or "")[:300],
        state=state,
        slug=fields.get("slug") or "",
        date=fields.get("date"),
        date_last=date_last if state is not None else None,
        **search_columns(model, state),
    )
    if state is not None:
        PublicationReference.objects.bulk_create(references_of(model, row, state))
    return row


def entry_published(entry, state: State, *, created: bool, summary: str, when=None):
    """Record an entry as it was just written (its version and derived last day)."""
    return publication_record(
        model=type(entry),
        object_id=entry.pk,
        action=PublicationAction.CREATED if created else PublicationAction.UPDATED,
        version=entry.version,
        state=state,
        summary=summary,
        date_last=getattr(entry, "date_last", None),
        when=when,
    )


@dataclass(frozen=True, slots=True)
class Known:
    """A publication known in advance, for ``publications_imported``: when it happened
    and, if a later one replaced it, when."""

    entry: object
    state: State
    action: str = PublicationAction.CREATED
    version: int | None = None  # the entry's, unless given
    when: datetime.datetime | None = None
    superseded_at: datetime.datetime | None = None
    summary: str = ""


def entries_imported(entries_with_states, *, summary: str, when=None) -> int:
    """Record the first publication of entries loaded from a fixture, in bulk: ``(entry,
    state)`` pairs of entries without any history yet."""
    when = when or timezone.now()
    return publications_imported(
        Known(entry, state, when=when, summary=summary) for entry, state in entries_with_states
    )


def publications_imported(known) -> int:
    """Record publications known in advance (``Known``) in bulk, numbered in the order
    given, which must be the order they happened in."""
    rows, references = [], []
    for publication in known:
        entry, state = publication.entry, publication.state
        model = type(entry)
        row = Publication(
            content_type=ContentType.objects.get_for_model(model),
            object_id=entry.pk,
            action=publication.action,
            version=publication.version or entry.version,
            published_at=publication.when or timezone.now(),
            superseded_at=publication.superseded_at,
            summary=publication.summary[:300],
            state=state,
            slug=state["fields"].get("slug") or "",
            date=state["fields"].get("date"),
            date_last=getattr(entry, "date_last", None),
            **search_columns(model, state),
        )
        rows.append(row)
        references.append((model, row, state))
    Publication.objects.bulk_create(rows, batch_size=500)
    PublicationReference.objects.bulk_create(
        (ref for model, row, state in references for ref in references_of(model, row, state)),
        batch_size=1000,
    )
    return len(rows)


def entry_deleted(entry, *, summary: str, when=None):
    return publication_record(
        model=type(entry),
        object_id=entry.pk,
        action=PublicationAction.DELETED,
        version=entry.version,
        state=None,
        summary=summary,
        when=when,
    )


# What a search reads of an entry: its title or name first (ranked above the rest), then
# its own text and what else names it (a weapon's other names, a source's outlet…).
_TITLE_FIELDS = ("title", "name")
_OTHER_FIELDS = ("other_names", "designation", "reading", "role", "work", "publisher", "author")
_AFTER_TEXT = ("quotation",)


def searchable_parts(model, state: State) -> tuple[str, str]:
    """The words of a state that a search reads: (its title or name, the rest)."""
    fields = state.get("fields", {})
    title = "\n".join(str(fields[name]) for name in _TITLE_FIELDS if fields.get(name))
    names = [*_OTHER_FIELDS, entry_type_for(model).text_field, *_AFTER_TEXT]
    body = "\n".join(str(fields[name]) for name in names if name and fields.get(name))
    return title, body


def search_columns(model, state: State | None) -> dict[str, str]:
    """The columns the search reads (``Publication.search_*``), folded (``core.folding``)."""
    if state is None:
        return {"search_title": "", "search_text": "", "search_tokens": ""}
    title, body = (fold(part) for part in searchable_parts(model, state))
    text = f"{title}\n{body}" if title and body else title or body
    # After the text's pairs, what a search may be narrowed by: the kind and the year
    # (words SQLite's index narrows by; PostgreSQL narrows by the columns instead).
    tokens = [search_tokens(text), kind_token(model._meta.label_lower)]
    date = state.get("fields", {}).get("date")
    if date:
        tokens.append(year_token(int(str(date)[:4])))
    return {"search_title": title, "search_text": text, "search_tokens": " ".join(tokens)}


def references_of(model, row: Publication, state: State) -> list[PublicationReference]:
    """Every entry the state refers to: its links (by field name), its citations' sources
    ("source") and the actors they are attributed to ("via")."""
    fields, links = state.get("fields", {}), state.get("m2m", {})
    found = set()
    for name in related_models(entry_type_for(model)):
        value = fields.get(name) if name in fields else links.get(name)
        for pk in value if isinstance(value, list) else [value]:
            if pk is not None:
                found.add((name, pk))
    for citation in state.get("citations", []):
        for name in ("source", "via"):
            if citation.get(name) is not None:
                found.add((name, citation[name]))
    return [PublicationReference(publication=row, field=name, target_id=pk) for name, pk in found]
