"""Reads for the moderation admin, each a fixed number of queries."""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version

from .diff import Names, diff_states
from .history import INITIAL_IMPORT_COMMENT
from .models import Action, ChangeRequest
from .registry import entry_type_for, entry_types
from .state import state_from_version, state_of


def entry_types_sorted():
    return sorted(entry_types(), key=lambda t: str(t.model._meta.verbose_name))


def pending_changes_for(model, object_id) -> list[ChangeRequest]:
    return list(
        ChangeRequest.objects.pending().for_entry(model, object_id).select_related("author")
    )


def pending_counts() -> list[tuple[str, int]]:
    counts = (
        ChangeRequest.objects.pending()
        .values("content_type")
        .annotate(count=Count("pk"))
        .order_by("content_type")
    )
    by_type = {row["content_type"]: row["count"] for row in counts}
    result = []
    for entry_type in entry_types_sorted():
        content_type = ContentType.objects.get_for_model(entry_type.model)
        if by_type.get(content_type.pk):
            result.append(
                (str(entry_type.model._meta.verbose_name_plural), by_type[content_type.pk])
            )
    return result


def mark_stale(changes) -> None:
    """Flag pending changes whose entry was published again (one query per kind of entry)."""
    by_type = {}
    for change in changes:
        if change.is_pending and change.action != Action.CREATE:
            by_type.setdefault(change.content_type_id, []).append(change)
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        versions = dict(
            model._base_manager.filter(pk__in=[c.object_id for c in group]).values_list(
                "pk", "version"
            )
        )
        for change in group:
            change.is_stale = versions.get(change.object_id) != change.base_version


def revise_url(change: ChangeRequest) -> str | None:
    if change.action == Action.DELETE:
        return None
    opts = change.model._meta
    if change.action == Action.UPDATE:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id])
    else:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    return f"{url}?revise={change.pk}"


# --- versions -------------------------------------------------------------------


def versions_of(model, object_id) -> QuerySet:
    return (
        Version.objects.get_for_object_reference(model, object_id)
        .select_related(
            "revision__user",
            "revision__publication__reviewer",
            "revision__publication__change_request",
        )
        .order_by("-revision__date_created", "-pk")
    )


def version_of(model, object_id, version_id) -> Version:
    return versions_of(model, object_id).get(pk=version_id)


def stored_version_number(version) -> int | None:
    """The entry's version counter as stored, read without loading the model."""
    try:
        return json.loads(version.serialized_data)[0]["fields"].get("version")
    except (ValueError, LookupError, TypeError):
        return None


def version_label(version) -> str:
    number = stored_version_number(version)
    when = date_format(version.revision.date_created, "DATETIME_FORMAT")
    if number is None:
        return _("stored version of %(when)s") % {"when": when}
    return _("version %(number)s of %(when)s") % {"number": number, "when": when}


def state_of_version(version):
    """The state a version stores, with the citations recorded in the same revision."""
    entry_type = entry_type_for(version.content_type.model_class())
    citations = []
    if entry_type.citation_model:
        citation_type = ContentType.objects.get_for_model(entry_type.citation_model)
        candidates = Version.objects.filter(
            revision_id=version.revision_id, content_type=citation_type
        )
        citations = [v for v in candidates if _entry_id(v) == int(version.object_id)]
    return state_from_version(version, citations)


def _entry_id(citation_version):
    try:
        return int(json.loads(citation_version.serialized_data)[0]["fields"]["entry"])
    except (ValueError, LookupError, TypeError):
        return None


@dataclass
class VersionRow:
    version: Version
    number: int | None
    author: object
    reviewer: object
    summary: str
    change_request: ChangeRequest | None


def version_rows(versions) -> list[VersionRow]:
    rows = []
    for version in versions:
        publication = getattr(version.revision, "publication", None)
        rows.append(
            VersionRow(
                version=version,
                number=stored_version_number(version),
                author=version.revision.user,
                reviewer=publication.reviewer if publication else None,
                summary=_("initial import")
                if version.revision.comment == INITIAL_IMPORT_COMMENT
                else version.revision.comment,
                change_request=publication.change_request if publication else None,
            )
        )
    return rows


@dataclass
class History:
    model: type
    object_id: str
    entry: object
    versions: QuerySet
    proposals: QuerySet
    label: str
    is_unknown: bool = False

    @property
    def is_deleted(self):
        return self.entry is None and not self.is_unknown


def entry_history(model, object_id) -> History:
    entry = model._base_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
    versions = versions_of(model, object_id)
    latest = versions.first()
    proposals = (
        ChangeRequest.objects.for_entry(model, object_id)
        .select_related("author", "reviewer")
        .order_by("-created_at", "-pk")
    )
    label = str(entry) if entry else (latest.object_repr if latest else "")
    return History(
        model,
        str(object_id),
        entry,
        versions,
        proposals,
        label,
        is_unknown=entry is None and latest is None,
    )


# --- the review page ------------------------------------------------------------


@dataclass
class Review:
    diff: object
    current_state: dict | None
    is_stale: bool = False
    published_since: object = None
    proposed_since_base: object = None
    citation_needed: bool = False
    entry_deleted: bool = False
    notes: list = field(default_factory=list)


def review_of(change: ChangeRequest) -> Review:
    """Everything the reviewer sees: the diff against the published state, conflicts."""
    model = change.model
    entry_type = entry_type_for(model)
    entry = model._base_manager.filter(pk=change.object_id).first() if change.object_id else None
    current = state_of(entry) if entry else None
    proposed = change.proposed_state
    if not change.is_pending and change.action != Action.DELETE:
        current = change.base_state  # a decided change is shown as it was proposed
    names = Names(entry_type, [current, proposed, change.base_state])
    review = Review(diff=diff_states(entry_type, current, proposed, names), current_state=current)
    if change.is_pending and change.action != Action.CREATE:
        review.entry_deleted = entry is None
        review.is_stale = entry is None or entry.version != change.base_version
        if review.is_stale and entry is not None:
            review.published_since = diff_states(entry_type, change.base_state, current, names)
            if proposed is not None:
                review.proposed_since_base = diff_states(
                    entry_type, change.base_state, proposed, names
                )
    if proposed is not None and entry_type.requires_citation and not proposed.get("citations"):
        review.citation_needed = True
    return review


def entry_links(change: ChangeRequest) -> dict:
    """Admin links for the entry a change is about (what exists of it)."""
    opts = change.model._meta
    links = {"kind": opts.verbose_name}
    if change.object_id is not None:
        links["history"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.object_id]
        )
        if change.model._base_manager.filter(pk=change.object_id).exists():
            links["entry"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id]
            )
    return links
