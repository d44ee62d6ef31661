"""The only way editorial content is written: propose, revise, withdraw, approve, reject.

Every function takes keyword-only arguments, validates, and runs in one
transaction. Views and the admin call these; nothing else writes an entry.
"""

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.core.models import ContentVersion

from .models import Action, ChangeRequest, PublicationMeta, Status
from .registry import entry_type_for
from .selectors import state_of_version
from .state import (
    UNREADABLE,
    State,
    apply_fields,
    state_of,
    validate_state,
    write_links,
)


class ModerationError(Exception):
    """A refused moderation action; the message is shown to the user as is."""


class AlreadyDecided(ModerationError):
    pass


class Conflict(ModerationError):
    """The entry was published again since the change was proposed."""


class NotAllowed(ModerationError):
    pass


class CitationNeeded(ModerationError):
    pass


def can_review(user) -> bool:
    return user.is_active and user.has_perm("moderation.review_changerequest")


def can_propose(user, model, action: str) -> bool:
    codename = {Action.CREATE: "add", Action.UPDATE: "change", Action.DELETE: "delete"}[action]
    return user.is_active and user.has_perm(
        f"{model._meta.app_label}.{codename}_{model._meta.model_name}"
    )


def _require_proposer(user, model, action):
    if not can_propose(user, model, action):
        raise NotAllowed(_("You may not propose this change."))


def _candidate(model, state: State, target=None):
    """An unsaved instance carrying the proposed fields, for validation."""
    candidate = model._base_manager.get(pk=target.pk) if target else model()
    return apply_fields(candidate, state)


def _unused_slug(model, base: str) -> str:
    content_type = ContentType.objects.get_for_model(model)
    taken = set(model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(
        ChangeRequest.objects.pending()
        .filter(content_type=content_type, proposed_state__fields__slug__startswith=base)
        .values_list("proposed_state__fields__slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _with_slug(model, state: State) -> State:
    if state["fields"].get("slug"):
        return state
    date = state["fields"].get("date") or timezone.localdate().isoformat()
    fields = {**state["fields"], "slug": _unused_slug(model, f"{model._meta.model_name}-{date}")}
    return {**state, "fields": fields}


@transaction.atomic
def change_propose(
    *, author, model, summary: str, state: State, target=None, restored_from=None
) -> ChangeRequest:
    """Propose a new entry (``target`` None) or a new state of ``target``."""
    action = Action.UPDATE if target else Action.CREATE
    _require_proposer(author, model, action)
    entry_type = entry_type_for(model)
    if target is None:
        state = _with_slug(model, state)
    validate_state(entry_type, state, instance=_candidate(model, state, target))
    base_state = state_of(target) if target else None
    if target and _same(base_state, state):
        raise ValidationError(_("This proposal changes nothing."))
    return ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=target.pk if target else None,
        object_repr=_repr(model, state, target),
        action=action,
        proposed_state=state,
        base_state=base_state,
        base_version=target.version if target else None,
        summary=_summary(summary),
        author=author,
        restored_from=restored_from,
    )


@transaction.atomic
def change_propose_deletion(*, author, target, summary: str) -> ChangeRequest:
    model = type(target)
    _require_proposer(author, model, Action.DELETE)
    blockers = references_to(target)
    if blockers:
        raise ValidationError(_referenced_message(blockers))
    return ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=target.pk,
        object_repr=str(target)[:200],
        action=Action.DELETE,
        proposed_state=None,
        base_state=state_of(target),
        base_version=target.version,
        summary=_summary(summary),
        author=author,
    )


@transaction.atomic
def change_propose_restore(*, author, version: Version, summary: str) -> ChangeRequest:
    """Propose to bring back the state of an old ``version``: an update, or a recovery."""
    model = version.content_type.model_class()
    entry_type = entry_type_for(model)
    state = state_of_version(version)
    if state.pop("incompatible", False):
        raise ValidationError(
            _("This version was stored before a change of the data model and cannot be restored.")
        )
    target = model._base_manager.filter(pk=version.object_id).first()
    if target is not None:
        return change_propose(
            author=author,
            model=model,
            summary=summary,
            state=state,
            target=target,
            restored_from=version,
        )
    _require_proposer(author, model, Action.CREATE)
    if (
        ChangeRequest.objects.pending()
        .filter(
            content_type=version.content_type, object_id=version.object_id, action=Action.CREATE
        )
        .exists()
    ):
        raise ValidationError(_("A recovery of this entry is already awaiting review."))
    validate_state(entry_type, state, instance=_candidate(model, state))
    return ChangeRequest.objects.create(
        content_type=version.content_type,
        object_id=int(version.object_id),
        object_repr=_repr(model, state, None),
        action=Action.CREATE,
        proposed_state=state,
        summary=_summary(summary),
        author=author,
        restored_from=version,
    )


@transaction.atomic
def change_revise(*, change: ChangeRequest, author, summary: str, state: State) -> ChangeRequest:
    """The author edits a pending change; an update is rebased on the current version."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_pending(change)
    if change.author_id != author.pk:
        raise NotAllowed(_("Only the author can revise a proposed change."))
    if change.action == Action.DELETE:
        raise NotAllowed(_("A proposed deletion cannot be revised; withdraw it instead."))
    model = change.model
    target = (
        model._base_manager.filter(pk=change.object_id).first() if change.base_version else None
    )
    if change.base_version and target is None:
        raise Conflict(_("The entry has been deleted since; withdraw this change."))
    if target is None and not change.object_id:
        state = _with_slug(model, state)
    validate_state(entry_type_for(model), state, instance=_candidate(model, state, target))
    if target is not None:
        change.base_state = state_of(target)
        change.base_version = target.version
    change.proposed_state = state
    change.summary = _summary(summary)
    change.object_repr = _repr(model, state, target)
    change.revised_at = timezone.now()
    change.save(
        update_fields=[
            "proposed_state",
            "base_state",
            "base_version",
            "summary",
            "object_repr",
            "revised_at",
        ]
    )
    return change


@transaction.atomic
def change_withdraw(*, change: ChangeRequest, user) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_pending(change)
    if change.author_id != user.pk:
        raise NotAllowed(_("Only the author can withdraw a proposed change."))
    change.status = Status.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    return change


@transaction.atomic
def change_reject(*, change: ChangeRequest, reviewer, reason: str) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_pending(change)
    _require_reviewer(change, reviewer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the change is rejected; the author will see it.")}
        )
    change.status = Status.REJECTED
    change.reviewer = reviewer
    change.decided_at = timezone.now()
    change.decision_note = reason
    change.save(update_fields=["status", "reviewer", "decided_at", "decision_note"])
    return change


@transaction.atomic
def change_approve(*, change: ChangeRequest, reviewer) -> ChangeRequest:
    """Publish a change: lock, check the base version, write, record a revision.

    The revision's user is the author; the reviewer and the proposal are its
    ``PublicationMeta``; its comment is the edit summary.
    """
    ContentVersion.lock_for_publication()
    # The author becomes the revision's user: read with the change, not afterwards.
    locked = ChangeRequest.objects.select_for_update(of=("self",)).select_related("author")
    change = locked.get(pk=change.pk)
    _require_pending(change)
    _require_reviewer(change, reviewer)
    model = change.model
    entry_type = entry_type_for(model)
    entry = None
    if change.object_id is not None:
        entry = model._base_manager.select_for_update().filter(pk=change.object_id).first()
    if change.action in (Action.UPDATE, Action.DELETE):
        if entry is None:
            raise Conflict(_("The entry has been deleted since this change was proposed."))
        if entry.version != change.base_version:
            raise Conflict(
                _(
                    "The entry was published again since this change was proposed "
                    "(version %(base)s, now %(current)s). The author must rebase it."
                )
                % {"base": change.base_version, "current": entry.version}
            )
    elif entry is not None:
        raise Conflict(_("An entry with this id exists again; this recovery is obsolete."))

    if change.action == Action.DELETE:
        blockers = references_to(entry)
        if blockers:
            raise ModerationError(_referenced_message(blockers))
        try:
            entry.delete()
        except ProtectedError as exc:
            raise ModerationError(
                _referenced_message([str(o) for o in exc.protected_objects])
            ) from exc
        _decide(change, reviewer, Status.APPROVED)
        ContentVersion.bump()
        return change

    state = change.proposed_state
    if entry_type.requires_citation and not state.get("citations"):
        raise CitationNeeded(_("Citation needed: cite at least one source before approval."))
    if entry is None:
        entry = model(pk=change.object_id) if change.object_id else model()
        entry.version = _next_version_of_deleted(model, change.object_id)
    else:
        entry.version += 1
    apply_fields(entry, state)
    validate_state(entry_type, state, instance=entry, constraints=False)
    # No savepoints: this function's transaction is all or nothing, whatever fails.
    with reversion.create_revision(manage_manually=True, atomic=False):
        try:
            with transaction.atomic(savepoint=False):
                entry.save()
                write_links(entry, state)
        except IntegrityError as exc:
            raise ModerationError(
                _("The database refused this state: %(error)s") % {"error": exc}
            ) from exc
        reversion.add_to_revision(entry)
        reversion.set_user(change.author)
        reversion.set_comment(change.summary)
        reversion.add_meta(PublicationMeta, change_request=change, reviewer=reviewer)
    change.object_id = entry.pk
    change.object_repr = str(entry)[:200]
    _decide(change, reviewer, Status.APPROVED, extra_fields=["object_id", "object_repr"])
    ContentVersion.bump()
    return change


def references_to(entry) -> list[str]:
    """Other entries that point at ``entry`` and would lose their link if it were deleted.

    At most ten are named per kind of entry; the list ends with a count of the rest.
    """
    entry_type = entry_type_for(type(entry))
    found, more = [], 0
    for relation in entry._meta.related_objects:
        if relation.related_model is entry_type.citation_model:
            continue  # its own citations go with it
        rows = relation.related_model._base_manager.filter(**{relation.field.name: entry})
        named = list(rows[:10])
        found.extend(f"{relation.related_model._meta.verbose_name}: {row}" for row in named)
        if len(named) == 10:
            more += rows.count() - 10
    if more:
        found.append(_("and %(count)s more") % {"count": more})
    return found


def _referenced_message(blockers) -> str:
    return _("Cannot delete: other entries still refer to it: %(list)s.") % {
        "list": "; ".join(blockers),
    }


def _next_version_of_deleted(model, object_id) -> int:
    if object_id is None:
        return 1
    latest = Version.objects.get_for_object_reference(model, object_id).first()
    try:
        return int(latest.field_dict.get("version") or 0) + 1 if latest else 1
    except UNREADABLE:  # an unreadable old version only affects numbering
        return 1


def _decide(change, reviewer, status, extra_fields=()):
    change.status = status
    change.reviewer = reviewer
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "reviewer", "decided_at", *extra_fields])


def _require_pending(change):
    if change.status != Status.PENDING:
        who = change.reviewer or change.author
        raise AlreadyDecided(
            _("This change was already %(status)s by %(who)s.")
            % {"status": change.get_status_display(), "who": who}
        )


def _require_reviewer(change, reviewer):
    if not can_review(reviewer):
        raise NotAllowed(_("Only reviewers can approve or reject changes."))
    if change.author_id == reviewer.pk and not settings.MODERATION_ALLOW_SELF_APPROVAL:
        raise NotAllowed(
            _("You cannot review your own change: another reviewer must (four-eyes principle).")
        )


def _summary(summary: str) -> str:
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Describe the change in an edit summary.")})
    return summary[:300]


def _repr(model, state, target) -> str:
    candidate = _candidate(model, state, target)
    return str(candidate)[:200]


def _same(a: State, b: State) -> bool:
    return {k: a.get(k) for k in ("fields", "m2m", "citations")} == {
        k: b.get(k) for k in ("fields", "m2m", "citations")
    }
