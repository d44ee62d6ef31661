"""Who may do what to a change or a changeset, and in which state: each check raises the
refusal the user reads."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from ..exceptions import AlreadyDecided, Claimed, NotAllowed, Revised
from ..models import OPEN_STATUSES, Action, Status


def can_review(user) -> bool:
    return user.is_active and user.has_perm("moderation.review_changerequest")


def can_propose(user, model, action: str) -> bool:
    codename = {Action.CREATE: "add", Action.UPDATE: "change", Action.DELETE: "delete"}[action]
    return user.is_active and user.has_perm(
        f"{model._meta.app_label}.{codename}_{model._meta.model_name}"
    )


def may_discuss(user, subject) -> bool:
    """The author and the reviewers take part in a change's (or changeset's) discussion;
    in a changeset never submitted, the author alone."""
    if subject.author_id == user.pk:
        return True
    return can_review(user) and not subject.is_private


def may_preview(user, subject) -> bool:
    """The author and the reviewers see an open change (or changeset) as the public will;
    a draft is its author's alone."""
    if not (user.is_authenticated and user.is_active and user.is_staff and subject.is_open):
        return False
    if subject.author_id == user.pk:
        return True
    return not subject.is_private and can_review(user)


def require_proposer(user, model, action):
    if not can_propose(user, model, action):
        raise NotAllowed(_("You may not propose this change."))


def require_open(subject):
    if subject.status not in OPEN_STATUSES:
        who = subject.reviewer or subject.author
        raise AlreadyDecided(
            _("This change was already %(status)s by %(who)s.")
            % {"status": subject.get_status_display(), "who": who}
        )


def require_pending(subject):
    """Waiting for review: not a draft, not sent back, not decided."""
    require_open(subject)
    if subject.status == Status.CHANGES_REQUESTED:
        raise AlreadyDecided(
            _(
                "This change was sent back to its author for changes; it can be decided once "
                "they revise it."
            )
        )
    if subject.status == Status.DRAFT:
        raise AlreadyDecided(_("This changeset is a draft: its author has not submitted it yet."))


def require_author(subject, user, message):
    if subject.author_id != user.pk:
        raise NotAllowed(message)


def require_revision(subject, revision, message=None):
    if revision != subject.revision:
        message = message or _(
            "This change was revised since you opened it: review revision %(number)s."
        )
        raise Revised(message % {"number": subject.revision})


def require_unclaimed(subject, reviewer):
    """Another reviewer's running claim refuses a decision; a superuser may override it
    (a claim left by someone who is away)."""
    holder = subject.claim_holder_id()
    if holder is not None and holder != reviewer.pk and not reviewer.is_superuser:
        raise Claimed(
            _("%(who)s has claimed this change and is reviewing it, until %(end)s.")
            % {
                "who": subject.claimed_by,
                "end": date_format(localtime(subject.claim_ends_at), "TIME_FORMAT"),
            }
        )


def require_reviewer(subject, reviewer):
    require_unclaimed(subject, reviewer)
    if not can_review(reviewer):
        raise NotAllowed(_("Only reviewers can approve or reject changes."))
    if subject.author_id == reviewer.pk and not settings.MODERATION_ALLOW_SELF_APPROVAL:
        raise NotAllowed(
            _("You cannot review your own change: another reviewer must (four-eyes principle).")
        )


def require_alone(change):
    """A change in a changeset is reviewed with it, on the changeset's page."""
    if change.changeset_id is not None:
        raise NotAllowed(
            _(
                "This change is part of changeset #%(number)s: it is reviewed and published "
                "with the changeset's other entries, on the changeset's page."
            )
            % {"number": change.changeset_id}
        )


def summary_text(summary: str) -> str:
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Describe the change in an edit summary.")})
    return summary[:300]
