"""Reads about changesets: what one holds, each entry's diff, what would stop it, its
history, and the changeset an editor's form adds to."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.claims.rules import state_errors
from apps.core.models import ContentVersion
from apps.core.registry import entry_type_for

from ..models import OPEN_STATUSES, Action, ChangeRequest, ChangeRevision, Changeset, Status
from ..publishing import applied, provisional_id
from ..state import validate_state
from .changes import HistoryRow, Review, commentable_fields, review_of, revise_url


def working_changeset(user, changeset_id: int | None = None) -> Changeset | None:
    """The changeset a form of ``user`` adds to: the one it names (``?changeset=``) if it is
    theirs, else their draft, if they have one."""
    changesets = Changeset.objects.filter(author=user)
    if changeset_id is not None:
        return changesets.filter(pk=changeset_id).first()
    return changesets.filter(status=Status.DRAFT).first()


def members_of(changeset: Changeset) -> list[ChangeRequest]:
    """The changeset's changes: those still in it while it is open, else those decided with
    it (a change taken out before is not)."""
    changes = changeset.changes.select_related("author", "changeset", "content_type")
    statuses = OPEN_STATUSES if changeset.is_open else [changeset.status]
    return list(changes.filter(status__in=statuses).order_by("created_at", "pk"))


def problems_of(changes: list[ChangeRequest]) -> dict[int, list[str]]:
    """What would stop each change from being published, every change written as proposed:
    what the database refuses, the model's validation and the content rules.

    Kept in the cache until the changes are revised or anything is published (the key
    holds each change's revision, the content version and the language the messages are
    in): a changeset's page is read far more often than it changes.
    """
    revisions = ",".join(f"{change.pk}.{change.revision}" for change in changes)
    key = f"changeset-problems:{get_language()}:{ContentVersion.current()[0]}:{revisions}"
    problems = cache.get(key)
    if problems is None:
        problems = _problems_of(changes)
        cache.set(key, problems, PROBLEMS_SECONDS)
    return problems


PROBLEMS_SECONDS = 3600


def _problems_of(changes: list[ChangeRequest]) -> dict[int, list[str]]:
    problems = {}
    with applied(changes) as look:
        for change in changes:
            found = []
            if change.pk in look.failed:
                found.append(
                    _("The database refuses this state: %(error)s")
                    % {"error": look.failed[change.pk]}
                )
            entry = look.entries.get(change.pk)
            if entry is not None:
                entry_type = entry_type_for(change.model)
                try:
                    # The database has checked its constraints as the entry was written.
                    validate_state(
                        entry_type, change.proposed_state, instance=entry, constraints=False
                    )
                except ValidationError as exc:
                    found.extend(exc.messages)
                found.extend(
                    p.message for p in state_errors(entry_type, change.proposed_state, entry)
                )
            if found:
                problems[change.pk] = found
    return problems


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One entry of a changeset as its page shows it."""

    pk: int
    kind: str
    action: str
    entry: str
    summary: str
    revision: int
    base_version: int | None
    url: str  # the change's own page: its revisions
    review: Review
    problems: list[str]
    show_all_fields: bool  # a new entry shows every field; an edit, what it changes
    revise_url: str | None
    merge_url: str | None
    withdraw_url: str | None


def review_rows(changeset: Changeset, changes: list[ChangeRequest], *, user) -> list[MemberRow]:
    """Each entry's diff against what is published now, read with the changeset's new
    entries written (so that what it refers to has a name), and, while the changeset is
    open, what would stop it with everything written."""
    # The entries new in the changeset are named as their changes name them.
    provisional = {
        provisional_id(change): change.object_repr
        for change in changes
        if change.action == Action.CREATE and change.object_id is None
    }
    reviews = [review_of(change, rules=False, provisional=provisional) for change in changes]
    problems = problems_of(changes) if changeset.is_open else {}
    is_author = changeset.author_id == user.pk
    return [
        MemberRow(
            pk=change.pk,
            kind=str(change.model._meta.verbose_name),
            action=str(change.get_action_display()),
            entry=change.object_repr,
            summary=change.summary,
            revision=change.revision,
            base_version=change.base_version,
            url=change.get_absolute_url(),
            review=review,
            problems=problems.get(change.pk, []),
            show_all_fields=change.action != Action.UPDATE,
            revise_url=revise_url(change) if is_author else None,
            merge_url=reverse("admin:moderation_changerequest_merge", args=[change.pk])
            if is_author and review.is_stale and not review.entry_deleted
            else None,
            withdraw_url=reverse("admin:moderation_changerequest_withdraw", args=[change.pk])
            if is_author and changeset.is_open
            else None,
        )
        for change, review in zip(changes, reviews, strict=True)
    ]


def commentable_members(changes: list[ChangeRequest]) -> dict[str, str]:
    """What a comment on a changeset may be about: an entry (``<change id>``), or one of its
    fields (``<change id>:<field>``)."""
    choices = {}
    for change in changes:
        choices[str(change.pk)] = change.object_repr
        for name, label in commentable_fields(change).items():
            choices[f"{change.pk}:{name}"] = f"{change.object_repr}: {label}"
    return choices


def changeset_history(changeset: Changeset, changes: list[ChangeRequest]) -> list[HistoryRow]:
    """Its entries' revisions, the submission, requests for changes, comments and the
    decision, in order: three queries."""
    names = {change.pk: change.object_repr for change in changes}
    revisions = (
        ChangeRevision.objects.filter(change__in=list(names))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    rows = [
        HistoryRow(
            revision.created_at,
            "revision",
            f"{names[revision.change_id]}: {revision.get_kind_display()}",
            revision.author,
            revision.summary,
            revision.number,
            revision.base_version,
        )
        for revision in revisions
    ]
    if changeset.submitted_at:
        rows.append(
            HistoryRow(changeset.submitted_at, "submitted", _("submitted"), changeset.author, "")
        )
    rows += [
        HistoryRow(
            send_back.created_at,
            "sent_back",
            _("changes requested"),
            send_back.reviewer,
            send_back.note,
            send_back.revision,
        )
        for send_back in changeset.send_backs.select_related("reviewer")
    ]
    labels = commentable_members(changes)
    for comment in changeset.comments.select_related("author", "resolved_by"):
        about = f"{comment.change_id}:{comment.field}" if comment.field else str(comment.change_id)
        label = (
            _("comment on %(field)s") % {"field": labels.get(about, about)}
            if comment.change_id
            else _("comment")
        )
        rows.append(
            HistoryRow(
                comment.created_at,
                "comment",
                label,
                comment.author,
                comment.text,
                comment.revision,
                comment_id=comment.pk,
                resolved_by=comment.resolved_by,
            )
        )
    if changeset.decided_at:
        rows.append(
            HistoryRow(
                changeset.decided_at,
                "decision",
                changeset.get_status_display(),
                changeset.reviewer or changeset.author,
                changeset.decision_note,
                changeset.revision if changeset.reviewer_id else None,
            )
        )
    rows.sort(key=lambda row: (row.when, row.kind != "revision"))
    return rows
