"""The desk, the admin's front page: my changes by state, and the review queue."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ..models import OPEN_STATUSES, ChangeRequest, Changeset, Status

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
