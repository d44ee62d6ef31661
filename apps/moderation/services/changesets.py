"""Changesets: several entries proposed, reviewed and published as one.

Entries are added to a changeset by ``change_propose(changeset=…)`` and revised or taken
out like any change (``change_revise``, ``change_withdraw``); the changeset itself is
submitted, sent back, rejected, withdrawn and approved here, all of its entries at once.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import ContentVersion

from ..exceptions import AlreadyDecided
from ..models import OPEN_STATUSES, Changeset, SendBack, Status
from ..publishing import publish
from ..selectors import problems_of
from ..signals import ChangeEvent, announce
from .changes import correction_decisions, rejection_reason
from .guards import (
    require_author,
    require_open,
    require_pending,
    require_reviewer,
    require_revision,
    summary_text,
)
from .records import decide


def _locked(changeset: Changeset) -> Changeset:
    return Changeset.objects.select_for_update().get(pk=changeset.pk)


@transaction.atomic
def changeset_describe(*, changeset: Changeset, author, summary: str) -> Changeset:
    """The author says what the changeset is (its edit summary) before submitting it; not
    while it is under review (reviewers decide on what they read, the summary included)."""
    changeset = _locked(changeset)
    require_author(changeset, author, _("Only its author describes a changeset."))
    require_open(changeset)
    if changeset.status == Status.PENDING:
        raise AlreadyDecided(
            _("This changeset is under review: its summary changes when you submit it again.")
        )
    changeset.summary = summary_text(summary)
    changeset.save(update_fields=["summary"])
    return changeset


@transaction.atomic
def changeset_submit(*, changeset: Changeset, author, summary: str) -> Changeset:
    """Send a draft (or a changeset sent back and revised) to review.

    Refused while an entry of it could not be published as it stands, with every entry
    written as proposed: what the reviewer would only refuse. (Behind the publication
    lock, as an approval: that look may lock published entries.)
    """
    ContentVersion.lock_for_publication()
    changeset = _locked(changeset)
    require_author(changeset, author, _("Only its author submits a changeset."))
    require_open(changeset)
    if changeset.status == Status.PENDING:
        raise AlreadyDecided(_("This changeset is already waiting for review."))
    summary = summary_text(summary)
    changes = list(changeset.changes.open().select_related("changeset"))
    if not changes:
        raise ValidationError(_("This changeset has no entries to submit."))
    problems = problems_of(changes)
    if problems:
        raise ValidationError(
            [
                _("“%(entry)s”: %(problem)s") % {"entry": change.object_repr, "problem": problem}
                for change in changes
                for problem in problems.get(change.pk, [])
            ]
        )
    first = changeset.status == Status.DRAFT
    now = timezone.now()
    changeset.summary = summary
    changeset.status = Status.PENDING
    changeset.submitted_at = changeset.submitted_at or now
    changeset.revised_at = None if first else now
    changeset.save(update_fields=["summary", "status", "submitted_at", "revised_at"])
    changeset.changes.open().update(status=Status.PENDING)
    announce(changeset, ChangeEvent.SUBMITTED if first else ChangeEvent.RESUBMITTED, author)
    return changeset


@transaction.atomic
def changeset_withdraw(*, changeset: Changeset, author) -> Changeset:
    changeset = _locked(changeset)
    require_open(changeset)
    require_author(changeset, author, _("Only the author can withdraw a changeset."))
    now = timezone.now()
    changeset.changes.open().update(status=Status.WITHDRAWN, decided_at=now)
    changeset.status = Status.WITHDRAWN
    changeset.decided_at = now
    changeset.save(update_fields=["status", "decided_at"])
    return changeset


def _under_review(changeset: Changeset, reviewer, revision: int) -> Changeset:
    changeset = _locked(changeset)
    if changeset.status == Status.DRAFT:
        require_pending(changeset)
    require_open(changeset)
    require_reviewer(changeset, reviewer)
    require_revision(changeset, revision)
    return changeset


@transaction.atomic
def changeset_request_changes(
    *, changeset: Changeset, reviewer, revision: int, note: str
) -> Changeset:
    """Send the whole changeset back to its author with what to change."""
    changeset = _under_review(changeset, reviewer, revision)
    require_pending(changeset)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the author should change.")})
    SendBack.objects.create(
        changeset=changeset, revision=changeset.revision, reviewer=reviewer, note=note
    )
    changeset.status = Status.CHANGES_REQUESTED
    changeset.claimed_by, changeset.claimed_at = None, None
    changeset.save(update_fields=["status", "claimed_by", "claimed_at"])
    changeset.changes.open().update(status=Status.CHANGES_REQUESTED)
    announce(changeset, ChangeEvent.SENT_BACK, reviewer)
    return changeset


@transaction.atomic
def changeset_reject(*, changeset: Changeset, reviewer, revision: int, reason: str) -> Changeset:
    changeset = _under_review(changeset, reviewer, revision)
    reason = rejection_reason(reason)
    now = timezone.now()
    changeset.changes.open().update(
        status=Status.REJECTED, reviewer=reviewer, decided_at=now, decision_note=reason
    )
    changeset.decision_note = reason
    decide(changeset, reviewer, Status.REJECTED, extra_fields=["decision_note"])
    announce(changeset, ChangeEvent.REJECTED, reviewer)
    return changeset


@transaction.atomic
def changeset_approve(
    *, changeset: Changeset, reviewer, revision: int, corrections: dict | None = None
) -> Changeset:
    """Publish revision ``revision`` of a changeset: every entry, or none.

    One transaction: the publication lock, the changeset and its changes locked, the
    review checked (four eyes, claim, revision), then ``publishing.publish`` writes and
    checks each entry, each with its own django-reversion revision carrying the
    reviewer and the changeset's summary. One content version for the whole.
    ``corrections``: change id → (correction note, not-substantive reason) of each edit
    of a published entry that needs one (``correction_decisions``).
    """
    ContentVersion.lock_for_publication()
    locked = Changeset.objects.select_for_update(of=("self",)).select_related("author")
    changeset = locked.get(pk=changeset.pk)
    require_pending(changeset)
    require_reviewer(changeset, reviewer)
    require_revision(changeset, revision)
    changes = list(
        changeset.changes.filter(status__in=OPEN_STATUSES)
        .select_for_update(of=("self",))
        .select_related("author", "changeset")
    )
    if not changes:
        raise ValidationError(_("This changeset has no entries to publish."))
    publish(
        changes,
        reviewer=reviewer,
        comment=changeset.summary,
        decide_corrections=lambda ordered: correction_decisions(
            ordered, corrections or {}, field=lambda change: f"correction_{change.pk}"
        ),
    )
    for change in changes:
        decide(
            change,
            reviewer,
            Status.APPROVED,
            extra_fields=["object_id", "object_repr", "proposed_state"],
        )
    decide(changeset, reviewer, Status.APPROVED)
    ContentVersion.bump()
    announce(changeset, ChangeEvent.APPROVED, reviewer)
    return changeset
