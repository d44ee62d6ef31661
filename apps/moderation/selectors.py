"""Reads for the moderation admin, each a fixed number of queries."""

import copy
import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.claims.rules import state_errors
from apps.core.registry import DATE_PARTS, entry_type_for, entry_types

from .diff import Names, StateDiff, char_marks, date_text, diff_states, display
from .history import INITIAL_IMPORT_COMMENT
from .merge import CITATIONS, FieldConflict, merge_checked
from .models import OPEN_STATUSES, Action, ChangeRequest, Changeset, Status, Watch
from .proposals import validate_proposal
from .state import apply_fields, state_from_version, state_of


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


# --- the watchlist -----------------------------------------------------------------
WATCHLIST_DAYS = 30


@dataclass(frozen=True, slots=True)
class WatchedEntry:
    label: str
    entry_type: str
    url: str  # the entry's admin page, or its history once it is deleted
    until: object
    type_key: str  # "app_label.model", what the watch form posts
    object_id: int


@dataclass(frozen=True, slots=True)
class WatchedActivity:
    """A change on a watched entry: pending, or decided in the last days."""

    when: object
    entry: str
    status: str
    status_label: str
    summary: str
    author: object
    url: str


@dataclass(frozen=True, slots=True)
class Watchlist:
    entries: list[WatchedEntry]
    activity: list[WatchedActivity]


def watch_of(user, model, object_id) -> Watch | None:
    return Watch.objects.filter(user=user).current().of_entry(model, object_id).first()


def watchlist_of(user) -> Watchlist:
    """What a person watches, and what happened to it lately, MediaWiki style: a query
    for the watches, one per kind of entry watched, one for the changes."""
    watches = list(Watch.objects.filter(user=user).current().select_related("content_type"))
    by_type = {}
    for watch in watches:
        by_type.setdefault(watch.content_type, []).append(watch.object_id)
    labels = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        linked = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        for entry in model._base_manager.filter(pk__in=ids).select_related(*linked):
            labels[(content_type.pk, entry.pk)] = str(entry)
    entries = [
        WatchedEntry(
            label=labels.get((w.content_type_id, w.object_id), f"#{w.object_id}"),
            entry_type=str(w.content_type.model_class()._meta.verbose_name),
            url=_entry_admin_url(
                w.content_type, w.object_id, exists=(w.content_type_id, w.object_id) in labels
            ),
            until=w.until,
            type_key=f"{w.content_type.app_label}.{w.content_type.model}",
            object_id=w.object_id,
        )
        for w in watches
    ]
    entries.sort(key=lambda row: row.label)
    if not by_type:
        return Watchlist(entries, [])
    on_watched = Q()
    for content_type, ids in by_type.items():
        on_watched |= Q(content_type=content_type, object_id__in=ids)
    since = localtime() - timedelta(days=WATCHLIST_DAYS)
    changes = (
        ChangeRequest.objects.filter(on_watched)
        .visible_to(user)
        .filter(Q(status__in=OPEN_STATUSES) | Q(decided_at__gte=since))
        .select_related("author")
        .order_by("-created_at", "-pk")[:200]
    )
    activity = [
        WatchedActivity(
            when=change.decided_at or change.revised_at or change.created_at,
            entry=labels.get((change.content_type_id, change.object_id), change.object_repr),
            status=change.status,
            status_label=str(change.get_status_display()),
            summary=change.summary,
            author=change.author,
            url=change.get_absolute_url(),
        )
        for change in changes
    ]
    activity.sort(key=lambda row: row.when, reverse=True)
    return Watchlist(entries, activity)


def _entry_admin_url(content_type, object_id, *, exists: bool) -> str:
    page = "change" if exists else "history"
    return reverse(f"admin:{content_type.app_label}_{content_type.model}_{page}", args=[object_id])


# --- the desk: the admin's front page -----------------------------------------------
DESK_RECENT_DAYS = 30
DESK_ROWS = 10


@dataclass(frozen=True, slots=True)
class DeskRow:
    """A change, or a changeset, as the desk lists it."""

    url: str
    summary: str
    entry: str
    author: object
    status: str
    when: object
    size: int  # fields a change touches; entries a changeset holds
    claimed_by: object
    claim_ends_at: object
    is_changeset: bool = False


@dataclass(frozen=True, slots=True)
class DeskSection:
    status: str
    label: str
    count: int
    rows: list[DeskRow]


@dataclass(frozen=True, slots=True)
class Desk:
    mine: list[DeskSection]
    queue: list[DeskRow] | None  # None for someone who does not review
    queue_count: int


def _desk_row(subject) -> DeskRow:
    """A change or a changeset (annotated with ``entries``, how many it holds)."""
    holder = subject.claim_holder_id()
    is_changeset = subject.is_changeset
    return DeskRow(
        url=subject.get_absolute_url(),
        summary=subject.summary or _("(draft)"),
        entry=subject.object_repr,
        author=subject.author,
        status=subject.status,
        when=subject.decided_at
        or subject.revised_at
        or (subject.submitted_at if is_changeset else None)
        or subject.created_at,
        size=subject.entries if is_changeset else subject.size,
        claimed_by=subject.claimed_by if holder else None,
        claim_ends_at=subject.claim_ends_at if holder else None,
        is_changeset=is_changeset,
    )


def _with_entries(changesets: QuerySet) -> QuerySet:
    return changesets.annotate(
        entries=Count("changes", filter=~Q(changes__status=Status.WITHDRAWN))
    ).select_related("author", "claimed_by")


def desk_of(user, *, reviews: bool) -> Desk:
    """My changes and changesets by state (open ones, and those decided lately), and for a
    reviewer the queue oldest first, with each one's age, size and claim: six queries.

    A change in a changeset is listed as its changeset."""
    since = localtime() - timedelta(days=DESK_RECENT_DAYS)
    lately = Q(status__in=OPEN_STATUSES) | Q(decided_at__gte=since)
    mine = (
        ChangeRequest.objects.filter(author=user, changeset__isnull=True)
        .filter(lately)
        .select_related("author", "claimed_by")
        .order_by("-created_at", "-pk")
    )
    my_changesets = _with_entries(Changeset.objects.filter(author=user).filter(lately))
    by_status = {
        status: []
        for status in (
            Status.DRAFT,
            Status.PENDING,
            Status.CHANGES_REQUESTED,
            Status.REJECTED,
            Status.APPROVED,
        )
    }
    counts = dict.fromkeys(by_status, 0)
    newest_first = sorted(
        [*mine[:500], *my_changesets.order_by("-created_at", "-pk")[:100]],
        key=lambda subject: subject.created_at,
        reverse=True,
    )
    for subject in newest_first:
        if subject.status in by_status:
            counts[subject.status] += 1
            if len(by_status[subject.status]) < DESK_ROWS:
                by_status[subject.status].append(_desk_row(subject))
    sections = [
        DeskSection(status, str(Status(status).label), counts[status], rows)
        for status, rows in by_status.items()
        if status != Status.DRAFT or rows
    ]
    if not reviews:
        return Desk(sections, None, 0)
    pending = ChangeRequest.objects.pending().filter(changeset__isnull=True).exclude(author=user)
    oldest = pending.select_related("author", "claimed_by").order_by("created_at", "pk")
    pending_changesets = Changeset.objects.pending().exclude(author=user)
    oldest_changesets = _with_entries(pending_changesets).order_by("submitted_at", "pk")
    waiting = sorted(
        [*oldest[:DESK_ROWS], *oldest_changesets[:DESK_ROWS]],
        key=lambda subject: subject.submitted_at if subject.is_changeset else subject.created_at,
    )
    queue = [_desk_row(subject) for subject in waiting[:DESK_ROWS]]
    return Desk(sections, queue, pending.count() + pending_changesets.count())
