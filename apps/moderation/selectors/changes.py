"""Reads about one change and its entry: its diff, revisions, merge and history, each a
fixed number of queries."""

import copy
import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.claims.rules import state_errors
from apps.core.registry import DATE_PARTS, entry_type_for, entry_types
from apps.corrections.rules import substantive_changes

from ..diff import Names, StateDiff, char_marks, date_text, diff_states, display
from ..history import INITIAL_IMPORT_COMMENT
from ..merge import CITATIONS, FieldConflict, merge_checked
from ..models import OPEN_STATUSES, Action, ChangeRequest, Status
from ..proposals import validate_proposal
from ..state import apply_fields, state_from_version, state_of


def entry_types_sorted():
    return sorted(entry_types(), key=lambda t: str(t.model._meta.verbose_name))


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


def with_staleness(changes: QuerySet) -> QuerySet:
    """Annotate ``stale``: the change is open and its entry was published again since its
    base (or deleted). A subquery per kind of entry, evaluated for the rows shown."""
    based_on_current = [
        When(
            content_type=ContentType.objects.get_for_model(entry_type.model),
            then=~Exists(
                entry_type.model._base_manager.filter(
                    pk=OuterRef("object_id"), version=OuterRef("base_version")
                )
            ),
        )
        for entry_type in entry_types()
    ]
    return changes.annotate(
        stale=Case(
            When(~Q(status__in=OPEN_STATUSES) | Q(action=Action.CREATE), then=Value(False)),
            *based_on_current,
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def revise_url(change: ChangeRequest) -> str | None:
    """The entry form prefilled with the author's open change (in its changeset, if it is
    in one: the "+" beside a field then adds to it)."""
    if not change.is_open or change.action == Action.DELETE:
        return None
    url = f"{_form_url(change)}?revise={change.pk}"
    return f"{url}&changeset={change.changeset_id}" if change.changeset_id else url


def reopen_url(change: ChangeRequest) -> str | None:
    """The entry form prefilled with a rejected or withdrawn change, to propose it anew."""
    if change.status not in (Status.REJECTED, Status.WITHDRAWN) or not change.proposed_state:
        return None
    if change.action == Action.UPDATE and not (
        change.model._base_manager.filter(pk=change.object_id).exists()
    ):
        return None  # the entry is gone: restore it from its history instead
    return f"{_form_url(change)}?reopen={change.pk}"


def _form_url(change: ChangeRequest) -> str:
    opts = change.model._meta
    if change.action == Action.UPDATE:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id])
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


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
    when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
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


def state_at_version(model, object_id, number: int):
    """The state of published version ``number`` of an entry, from its history.

    None when that version is no longer kept (``prune_history``). Reads the
    versions newest first and stops at the one asked for: a form is usually
    based on one of the last few.
    """
    versions = Version.objects.get_for_object_reference(model, object_id).order_by(
        "-revision__date_created", "-pk"
    )
    for version in versions.iterator(chunk_size=20):
        if stored_version_number(version) == number:
            return state_of_version(version)
    return None


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


def entry_history(model, object_id, user) -> History:
    entry = model._base_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
    versions = versions_of(model, object_id)
    latest = versions.first()
    proposals = (
        ChangeRequest.objects.for_entry(model, object_id)
        .visible_to(user)
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


# --- a change's page -----------------------------------------------------------


def is_stale(change: ChangeRequest) -> bool:
    """An open change to an entry that was published again since its base (one query)."""
    if not change.is_open or change.action == Action.CREATE:
        return False
    current = (
        change.model._base_manager.filter(pk=change.object_id)
        .values_list("version", flat=True)
        .first()
    )
    return current != change.base_version


@dataclass
class Review:
    """What the reviewer sees: the diff against the state published now, and why not."""

    diff: StateDiff
    entry_exists: bool = False
    is_stale: bool = False
    entry_deleted: bool = False
    published_since: StateDiff | None = None  # from the change's base to the published state
    problems: list = field(default_factory=list)  # content rules the state breaks


def review_of(
    change: ChangeRequest, *, rules: bool = True, provisional: dict[int, str] | None = None
) -> Review:
    """The diff of ``change`` against the state published now, and (``rules``) the content
    rules its state breaks. A change of a changeset is read where the changeset's other
    entries are written (``publishing.changeset_applied``), so that the rules see them, or
    with the names of its new entries (``provisional``) for the diff alone."""
    model = change.model
    entry_type = entry_type_for(model)
    entry = model._base_manager.filter(pk=change.object_id).first() if change.object_id else None
    current = state_of(entry) if entry else None
    proposed = change.proposed_state
    if not change.is_open and change.action != Action.DELETE:
        current = change.base_state  # a decided change is shown as it was proposed
    names = Names(entry_type, [current, proposed, change.base_state], provisional)
    review = Review(
        diff=diff_states(entry_type, current, proposed, names), entry_exists=bool(entry)
    )
    if change.is_open and change.action != Action.CREATE:
        review.entry_deleted = entry is None
        review.is_stale = entry is None or entry.version != change.base_version
        if review.is_stale and entry is not None:
            review.published_since = diff_states(entry_type, change.base_state, current, names)
    if rules and change.is_open and proposed is not None:
        candidate = apply_fields(copy.copy(entry) if entry else model(), proposed)
        review.problems = state_errors(entry_type, proposed, candidate)
    return review


@dataclass(slots=True)
class HistoryRow:
    """One event in the life of a change: a revision, a request for changes, a comment,
    the decision."""

    when: object
    kind: str  # "revision", "sent_back", "comment" or "decision"
    label: str
    who: object
    text: str
    revision: int | None = None
    base_version: int | None = None
    comment_id: int | None = None
    resolved_by: object = None  # a resolved comment: who resolved it


def commentable_fields(change: ChangeRequest) -> dict[str, str]:
    """Name → label of the fields a comment may be about: the entry's, its links, its
    citations."""
    entry_type = entry_type_for(change.model)
    fields = {f.name: str(f.verbose_name) for f in (*entry_type.fields, *entry_type.m2m_fields)}
    if entry_type.citation_model:
        fields["citations"] = _("citations")
    return fields


def change_history(change: ChangeRequest) -> list[HistoryRow]:
    """Revisions, requests for changes, comments and the decision, in order: three
    queries."""
    rows = [
        HistoryRow(
            revision.created_at,
            "revision",
            revision.get_kind_display(),
            revision.author,
            revision.summary,
            revision.number,
            revision.base_version,
        )
        for revision in change.revisions.select_related("author").order_by("number")
    ]
    rows += [
        HistoryRow(
            send_back.created_at,
            "sent_back",
            _("changes requested"),
            send_back.reviewer,
            send_back.note,
            send_back.revision,
        )
        for send_back in change.send_backs.select_related("reviewer")
    ]
    fields = commentable_fields(change)
    rows += [
        HistoryRow(
            comment.created_at,
            "comment",
            _("comment on %(field)s") % {"field": fields.get(comment.field, comment.field)}
            if comment.field
            else _("comment"),
            comment.author,
            comment.text,
            comment.revision,
            comment_id=comment.pk,
            resolved_by=comment.resolved_by,
        )
        for comment in change.comments.select_related("author", "resolved_by")
    ]
    if change.decided_at:
        rows.append(
            HistoryRow(
                change.decided_at,
                "decision",
                change.get_status_display(),
                change.reviewer or change.author,
                change.decision_note,
                change.revision if change.reviewer_id else None,
            )
        )
    rows.sort(key=lambda row: (row.when, row.kind != "revision"))
    return rows


@dataclass
class RevisionComparison:
    older: object
    newer: object
    diff: StateDiff


def compare_revisions(change: ChangeRequest, older: int, newer: int) -> RevisionComparison:
    """What changed between two revisions of a change; ``LookupError`` if one does not exist."""
    revisions = {
        revision.number: revision
        for revision in change.revisions.filter(number__in=[older, newer]).select_related("author")
    }
    if older not in revisions or newer not in revisions:
        raise LookupError(older if older not in revisions else newer)
    entry_type = entry_type_for(change.model)
    states = [revisions[older].proposed_state, revisions[newer].proposed_state]
    return RevisionComparison(
        revisions[older],
        revisions[newer],
        diff_states(entry_type, *states, Names(entry_type, states)),
    )


# --- merging --------------------------------------------------------------------


@dataclass(slots=True)
class ConflictRow:
    """A conflicting field as the merge page shows it."""

    conflict: FieldConflict
    base: str
    ours: str
    theirs: str
    ours_marked: object = None  # for text: the value, what it changed from the base marked
    theirs_marked: object = None


@dataclass
class MergePreview:
    current_version: int
    published_since: StateDiff  # what others published after the change's base
    result: StateDiff  # what the merged change would do to the published entry
    conflicts: list[ConflictRow]
    automatic: list[str]  # labels of the fields merged from the change by themselves


def checked_merge(change: ChangeRequest, target, current):
    """The three-way merge of a change with ``current``, the state of ``target`` now.

    What merges by itself into a state that could not be published counts as a
    conflict too (``merge.merge_checked``).
    """
    model = change.model
    return merge_checked(
        entry_type_for(model),
        change.base_state,
        change.proposed_state,
        current,
        lambda state: validate_proposal(model, state, target),
    )


def merge_preview(change: ChangeRequest) -> MergePreview | None:
    """The three-way merge of a stale change with the published entry (None if not stale).

    A proposed deletion has nothing to merge: the preview shows what was published
    since, and what deleting the entry now removes.
    """
    if not is_stale(change):
        return None
    model = change.model
    entry_type = entry_type_for(model)
    entry = model._base_manager.filter(pk=change.object_id).first()
    if entry is None:
        return None
    current = state_of(entry)
    base = change.base_state
    if change.action == Action.DELETE:
        names = Names(entry_type, [base, current])
        return MergePreview(
            entry.version,
            diff_states(entry_type, base, current, names),
            diff_states(entry_type, current, None, names),
            conflicts=[],
            automatic=[],
        )
    merge = checked_merge(change, entry, current)
    names = Names(entry_type, [base, change.proposed_state, current])
    rows = []
    for conflict in merge.conflicts:
        texts = [
            _value_text(entry_type, conflict, value, names)
            for value in (conflict.base, conflict.ours, conflict.theirs)
        ]
        row = ConflictRow(conflict, *texts)
        if conflict.is_text:
            row.ours_marked = char_marks(texts[0], texts[1])
            row.theirs_marked = char_marks(texts[0], texts[2])
        rows.append(row)
    labels = {f.name: str(f.verbose_name) for f in [*entry_type.fields, *entry_type.m2m_fields]}
    labels[CITATIONS] = _("citations")
    return MergePreview(
        current_version=entry.version,
        published_since=diff_states(entry_type, base, current, names),
        result=diff_states(entry_type, current, merge.state, names),
        conflicts=rows,
        automatic=[labels[name] for name in merge.from_ours],
    )


def _value_text(entry_type, conflict: FieldConflict, value, names: Names) -> str:
    """A conflicting value as a reader knows it: a date as 2024年10月頃, a source by its title."""
    if conflict.name == CITATIONS:
        return "\n".join(names.citation(row) for row in value or [])
    opts = entry_type.model._meta
    if not conflict.members:
        return display(opts.get_field(conflict.name), value, names)
    if conflict.members == DATE_PARTS:
        return date_text(value)
    parts = (
        (opts.get_field(name), display(opts.get_field(name), value.get(name), names))
        for name in conflict.members
    )
    return "\n".join(f"{field.verbose_name}: {text}" for field, text in parts if text)


def entry_links(change: ChangeRequest, exists: bool | None = None) -> dict:
    """Admin links for the entry a change is about (what exists of it); ``exists`` when
    the caller knows already."""
    opts = change.model._meta
    links = {"kind": opts.verbose_name}
    if change.object_id is not None:
        links["history"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.object_id]
        )
        if exists is None:
            exists = change.model._base_manager.filter(pk=change.object_id).exists()
        if exists:
            links["entry"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id]
            )
    return links


def substance_of(change: ChangeRequest) -> list[str]:
    """What an edit alters of a published entry's substance, as readers name it: an
    approval then needs a correction note or a reason (``corrections.rules``)."""
    if change.action != Action.UPDATE or not change.proposed_state:
        return []
    entry_type = entry_type_for(change.model)
    return substantive_changes(entry_type, change.base_state or {}, change.proposed_state)
