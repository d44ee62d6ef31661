"""What passes between authors and reviewers around a change: comments, claims, watches."""

import re

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import NotAllowed
from ..models import ChangeRequest, Changeset, Comment, Watch
from ..selectors import commentable_fields
from ..signals import ChangeEvent, announce
from .guards import may_discuss, require_alone, require_pending, require_reviewer, require_unclaimed

# ``@username``: Django's user-name characters, ASCII only, so that 「@bobさん」 names bob.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.+-]*[A-Za-z0-9_+-])")


@transaction.atomic
def comment_add(
    *,
    author,
    text: str,
    change: ChangeRequest | None = None,
    changeset: Changeset | None = None,
    field: str = "",
) -> Comment:
    """A comment on ``change`` or ``changeset`` (on a change of the changeset, and on one of
    its fields, when ``change`` and ``field`` name them); the people it mentions with
    ``@username`` are recorded and told. A comment on a change of a changeset belongs to
    the changeset's discussion."""
    if change is not None and change.changeset_id is not None:
        if changeset is not None and changeset.pk != change.changeset_id:
            raise ValidationError({"field": _("This entry is not in the changeset.")})
        changeset = changeset or change.changeset
    subject = changeset or change
    if subject is None:
        raise ValidationError(_("A comment is on a change or a changeset."))
    if not may_discuss(author, subject):
        raise NotAllowed(
            _("Only the change's author and the reviewers take part in its discussion.")
        )
    if field and (change is None or field not in commentable_fields(change)):
        raise ValidationError({"field": _("This entry has no field %(field)r.") % {"field": field}})
    comment = Comment(
        change=change,
        changeset=changeset,
        author=author,
        text=(text or "").strip(),
        field=field,
        revision=subject.revision,
    )
    comment.full_clean()
    comment.save()
    names = set(MENTION.findall(comment.text))
    # Nobody but its author may read a changeset never submitted: nobody is mentioned.
    if names and not subject.is_private:
        User = get_user_model()
        # Only people who may read the change can be mentioned in its discussion.
        readers = User.objects.with_perm(
            "moderation.view_changerequest", backend="django.contrib.auth.backends.ModelBackend"
        )
        comment.mentions.set(
            readers.filter(username__in=names, is_staff=True).exclude(pk=author.pk)
        )
    announce(subject, ChangeEvent.COMMENTED, author, comment=comment)
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, user, resolved: bool = True) -> Comment:
    """Mark a comment resolved (what it asked is done), or open it again."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("change", "changeset")
        .get(pk=comment.pk)
    )
    if not may_discuss(user, comment.changeset or comment.change):
        raise NotAllowed(
            _("Only the change's author and the reviewers take part in its discussion.")
        )
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def watch_start(*, user, model, object_id: int, until=None) -> Watch:
    """Watch an entry (again: with the new ``until``); refused for an entry that does not
    exist or that the user may not see."""
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise NotAllowed(_("You may not see this entry, so you cannot watch it."))
    if not model._base_manager.filter(pk=object_id).exists():
        raise ValidationError(_("There is no such entry to watch."))
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("Choose a day from today on, or none.")})
    watch, _created = Watch.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        defaults={"until": until},
    )
    return watch


def watch_stop(*, user, model, object_id: int) -> bool:
    """Stop watching an entry; whether it was watched."""
    deleted, _rows = Watch.objects.filter(user=user).of_entry(model, object_id).delete()
    return bool(deleted)


def _claim(subject, reviewer):
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if isinstance(subject, ChangeRequest):
        require_alone(subject)
    require_pending(subject)
    require_reviewer(subject, reviewer)
    require_unclaimed(subject, reviewer)
    subject.claimed_by, subject.claimed_at = reviewer, timezone.now()
    subject.save(update_fields=["claimed_by", "claimed_at"])
    return subject


def _release(subject, reviewer):
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if subject.claimed_by_id == reviewer.pk:
        subject.claimed_by, subject.claimed_at = None, None
        subject.save(update_fields=["claimed_by", "claimed_at"])
    return subject


@transaction.atomic
def change_claim(*, change: ChangeRequest, reviewer) -> ChangeRequest:
    """Claim a pending change for review (again: the claim runs anew)."""
    return _claim(change, reviewer)


@transaction.atomic
def change_release(*, change: ChangeRequest, reviewer) -> ChangeRequest:
    """Give up one's claim on a change."""
    return _release(change, reviewer)


@transaction.atomic
def changeset_claim(*, changeset: Changeset, reviewer) -> Changeset:
    """Claim a pending changeset for review, as a change."""
    return _claim(changeset, reviewer)


@transaction.atomic
def changeset_release(*, changeset: Changeset, reviewer) -> Changeset:
    return _release(changeset, reviewer)
