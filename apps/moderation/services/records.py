"""The rows a proposal leaves behind: the change, its immutable revisions, the decision,
and what a change of a changeset does to the changeset."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ..models import OPEN_STATUSES, ChangeRequest, ChangeRevision, Changeset, RevisionKind, Status
from ..signals import ChangeEvent, announce


def create_change(*, model, changeset: Changeset | None = None, **fields) -> ChangeRequest:
    """A new change at revision 1. On its own it is submitted for review; in a changeset it
    takes the changeset's state (a draft's change waits with it)."""
    status = Status.PENDING
    if changeset is not None and changeset.status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        status = changeset.status
    change = ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        revision=1,
        changeset=changeset,
        status=status,
        **fields,
    )
    record_revision(change, RevisionKind.PROPOSED, change.author)
    if changeset is None:
        announce(change, ChangeEvent.SUBMITTED, change.author)
    else:
        changeset_touched(changeset, change.author, resubmitted=True)
    return change


def next_revision(change: ChangeRequest, kind: str, author) -> None:
    """Save the change's new head as its next revision.

    A revision by its author resubmits a change sent back for changes; a merge alone
    does not (it is not the change the reviewer asked for). A change of a changeset keeps
    the changeset's state: the changeset is resubmitted as a whole.
    """
    change.revision += 1
    change.revised_at = timezone.now()
    if kind == RevisionKind.REVISED and change.changeset_id is None:
        change.status = Status.PENDING
    change.save(
        update_fields=[
            "proposed_state",
            "base_state",
            "base_version",
            "summary",
            "object_repr",
            "revision",
            "revised_at",
            "status",
        ]
    )
    record_revision(change, kind, author)
    if change.changeset_id is not None:
        changeset_touched(change.changeset, author, resubmitted=kind == RevisionKind.REVISED)


def record_revision(change: ChangeRequest, kind: str, author) -> ChangeRevision:
    return ChangeRevision.objects.create(
        change=change,
        number=change.revision,
        kind=kind,
        proposed_state=change.proposed_state,
        base_state=change.base_state,
        base_version=change.base_version,
        summary=change.summary,
        author=author,
        created_at=change.revised_at or change.created_at,
    )


def changeset_touched(changeset: Changeset, actor, *, resubmitted: bool) -> None:
    """One of the changeset's changes was added, revised, merged or withdrawn.

    Once submitted, the changeset has a new revision, which a reviewer's decision must
    name, so that nothing in it is published unseen; a changeset under review is
    resubmitted (``resubmitted``: reviewers are told). It says anew what it holds.
    """
    names = (
        changeset.changes.filter(status__in=OPEN_STATUSES)
        .order_by("created_at", "pk")
        .values_list("object_repr", flat=True)
    )
    changeset.object_repr = " · ".join(names)[:200]
    fields = ["object_repr"]
    if changeset.status != Status.DRAFT:
        changeset.revision += 1
        changeset.revised_at = timezone.now()
        fields += ["revision", "revised_at"]
    changeset.save(update_fields=fields)
    if resubmitted and changeset.status == Status.PENDING:
        announce(changeset, ChangeEvent.RESUBMITTED, actor)


def decide(subject, reviewer, status, extra_fields=()) -> None:
    """Record a reviewer's decision on a change or a changeset."""
    subject.status = status
    subject.reviewer = reviewer
    subject.decided_at = timezone.now()
    subject.save(update_fields=["status", "reviewer", "decided_at", *extra_fields])
