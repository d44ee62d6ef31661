"""The only way editorial content is written: propose, revise, merge, send back, decide.

Every function takes keyword-only arguments, validates, and runs in one
transaction. Views and the admin call these; nothing else writes an entry.

Every save of a proposal records an immutable ``ChangeRevision``. A decision
names the revision the reviewer looked at and is refused when a newer one
exists; a revision based on an older published version than the current one is
merged with it (``merge``) before anyone can approve it, so nothing published
in between is lost and nothing is published that a reviewer did not see.
"""

import re

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CASCADE, ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.claims.rules import dependent_errors, state_errors
from apps.core.models import ContentVersion
from apps.core.registry import entry_type_for, entry_types

from .models import (
    OPEN_STATUSES,
    Action,
    ChangeRequest,
    ChangeRevision,
    Comment,
    PublicationMeta,
    RevisionKind,
    SendBack,
    Status,
    Watch,
)
from .proposals import candidate, validate_proposal
from .selectors import checked_merge, commentable_fields, state_at_version, state_of_version
from .signals import ChangeEvent, announce
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
    """The entry was published again since the change was based on it."""


class Revised(ModerationError):
    """The change has a newer revision than the one the decision was made on."""


class NotAllowed(ModerationError):
    pass


class Claimed(ModerationError):
    """Another reviewer has claimed the change and is reviewing it."""


class RuleBroken(ModerationError):
    """The state breaks a content rule (``rules``); it cannot be published."""


def can_review(user) -> bool:
    return user.is_active and user.has_perm("moderation.review_changerequest")


def can_propose(user, model, action: str) -> bool:
    codename = {Action.CREATE: "add", Action.UPDATE: "change", Action.DELETE: "delete"}[action]
    return user.is_active and user.has_perm(
        f"{model._meta.app_label}.{codename}_{model._meta.model_name}"
    )


# --- proposing ------------------------------------------------------------------


@transaction.atomic
def change_propose(
    *,
    author,
    model,
    summary: str,
    state: State,
    target=None,
    base_version: int | None = None,
    restored_from=None,
    reopens=None,
) -> ChangeRequest:
    """Propose a new entry (``target`` None) or a new state of ``target``.

    ``base_version`` is the published version the author's form showed (when None,
    that of ``target`` as the caller read it). When it is older than the current one, the
    proposal is recorded as written and then merged with what was published
    since: by itself when the edits do not overlap, otherwise it waits for the
    author to resolve the conflicts (``change_merge``).
    """
    action = Action.UPDATE if target else Action.CREATE
    _require_proposer(author, model, action)
    if target is None:
        state = _with_slug(model, state)
    else:
        # The state is an edit of the version the caller read, whatever was published since.
        base_version = base_version or target.version
        # Re-read and locked: its fields, links and citations as of one version.
        target = model._base_manager.select_for_update().get(pk=target.pk)
    validate_proposal(model, state, target)
    base_version, base_state = _base(model, target, base_version)
    if target and _same(base_state, state):
        raise ValidationError(_("This proposal changes nothing."))
    if reopens is not None:
        _require_reopenable(reopens, model, target)
    change = _create_change(
        model=model,
        object_id=target.pk if target else None,
        object_repr=_repr(model, state, target),
        action=action,
        proposed_state=state,
        base_state=base_state,
        base_version=base_version,
        summary=_summary(summary),
        author=author,
        restored_from=restored_from,
        reopens=reopens,
    )
    if target is not None and base_version != target.version:
        _merge_forward(change, target)
    return change


@transaction.atomic
def change_propose_deletion(*, author, target, summary: str) -> ChangeRequest:
    model = type(target)
    _require_proposer(author, model, Action.DELETE)
    blockers = references_to(target)
    if blockers:
        raise ValidationError(_referenced_message(blockers))
    return _create_change(
        model=model,
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
        ChangeRequest.objects.open()
        .filter(
            content_type=version.content_type, object_id=version.object_id, action=Action.CREATE
        )
        .exists()
    ):
        raise ValidationError(_("A recovery of this entry is already awaiting review."))
    validate_proposal(model, state, None)
    return _create_change(
        model=model,
        object_id=int(version.object_id),
        object_repr=_repr(model, state, None),
        action=Action.CREATE,
        proposed_state=state,
        summary=_summary(summary),
        author=author,
        restored_from=version,
    )


# --- revising -------------------------------------------------------------------


@transaction.atomic
def change_revise(
    *, change: ChangeRequest, author, summary: str, state: State, revision: int
) -> ChangeRequest:
    """The author saves a new revision of an open change (and so resubmits it).

    ``revision`` is the revision the author's form was loaded from; the state is
    an edit of it, and so of the version that revision is based on. If that
    version is no longer the published one, the new revision is merged with it
    as in ``change_propose``.
    """
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_open(change)
    _require_author(change, author, _("Only the author can revise a proposed change."))
    _require_proposer(author, change.model, change.action)
    if change.action == Action.DELETE:
        raise NotAllowed(_("A proposed deletion cannot be revised; withdraw it instead."))
    _require_revision(
        change,
        revision,
        _(
            "This change was revised since you opened it (it is at revision %(number)s now): "
            "reload it and make your edit again."
        ),
    )
    model = change.model
    target = _target_of(change)
    if target is None and not change.object_id:
        state = _with_slug(model, state)
    validate_proposal(model, state, target)
    summary = _summary(summary)
    stale = target is not None and change.base_version != target.version
    unchanged = _same(change.proposed_state, state) and summary == change.summary
    if unchanged and not stale and change.status == Status.PENDING:
        raise ValidationError(_("This revision changes nothing."))
    if not unchanged or change.status != Status.PENDING:  # an edit, or a resubmission
        change.proposed_state = state
        change.summary = summary
        change.object_repr = _repr(model, state, target)
        _next_revision(change, RevisionKind.REVISED, author)
        announce(change, ChangeEvent.RESUBMITTED, author)
    if stale:
        _merge_forward(change, target)
    return change


@transaction.atomic
def change_merge(
    *,
    change: ChangeRequest,
    author,
    summary: str,
    choices: dict,
    revision: int,
    seen_version: int,
) -> ChangeRequest:
    """Merge a change with the version published since it was based, conflicts resolved.

    ``choices`` maps each conflicting field (and "citations") to
    ``(merge.OURS | merge.THEIRS | merge.EDITED, edited value)``. ``seen_version``
    is the published version the merge page showed: if another was published
    since, the author must look again. A proposed deletion is "merged" by basing it
    on the published version: the reviewer then sees what deleting it now removes.
    """
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_open(change)
    _require_author(change, author, _("Only the author can merge a proposed change."))
    _require_proposer(author, change.model, change.action)
    _require_revision(
        change,
        revision,
        _("This change was revised since you opened the merge (revision %(number)s now)."),
    )
    if change.action == Action.CREATE:
        raise ModerationError(_("Only a change to an existing entry can be merged."))
    target = _target_of(change)
    if target.version == change.base_version:
        raise ModerationError(_("Nothing to merge: the change is based on the published version."))
    if target.version != seen_version:
        raise Conflict(
            _(
                "The entry was published again while you were merging (version %(version)s "
                "now): look at the merge again."
            )
            % {"version": target.version}
        )
    model = change.model
    current = state_of(target)
    if change.action == Action.UPDATE:
        merge = checked_merge(change, target, current)
        state = merge.resolved(choices)
        validate_proposal(model, state, target)
        change.proposed_state = state
        change.object_repr = _repr(model, state, target)
    else:
        change.object_repr = str(target)[:200]
    change.base_state = current
    change.base_version = target.version
    change.summary = _summary(summary)
    _next_revision(change, RevisionKind.MERGED, author)
    return change


def _merge_forward(change: ChangeRequest, target) -> None:
    """Merge the latest revision with the published version, if it merges by itself.

    Otherwise the change stays based on its old version: approval refuses it and
    the author resolves the conflicts on the merge page.
    """
    current = state_of(target)
    merge = checked_merge(change, target, current)
    if not merge.is_clean:
        return
    change.proposed_state = merge.state
    change.base_state = current
    change.base_version = target.version
    change.object_repr = _repr(change.model, merge.state, target)
    _next_revision(change, RevisionKind.MERGED, change.author)


# --- deciding -------------------------------------------------------------------


@transaction.atomic
def change_withdraw(*, change: ChangeRequest, user) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_open(change)
    _require_author(change, user, _("Only the author can withdraw a proposed change."))
    change.status = Status.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    return change


@transaction.atomic
def change_request_changes(
    *, change: ChangeRequest, reviewer, revision: int, note: str
) -> ChangeRequest:
    """Send the change back to its author with what to change; they revise and resubmit."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_pending(change)
    _require_reviewer(change, reviewer)
    _require_revision(change, revision)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the author should change.")})
    SendBack.objects.create(change=change, revision=change.revision, reviewer=reviewer, note=note)
    change.status = Status.CHANGES_REQUESTED
    # The claim ends with the review: the resubmitted change is anyone's to review.
    change.claimed_by, change.claimed_at = None, None
    change.save(update_fields=["status", "claimed_by", "claimed_at"])
    announce(change, ChangeEvent.SENT_BACK, reviewer)
    return change


@transaction.atomic
def change_reject(*, change: ChangeRequest, reviewer, revision: int, reason: str) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_open(change)
    _require_reviewer(change, reviewer)
    _require_revision(change, revision)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"note": _("Say why the change is rejected; the author will see it.")}
        )
    change.status = Status.REJECTED
    change.reviewer = reviewer
    change.decided_at = timezone.now()
    change.decision_note = reason
    change.save(update_fields=["status", "reviewer", "decided_at", "decision_note"])
    announce(change, ChangeEvent.REJECTED, reviewer)
    return change


@transaction.atomic
def change_approve(*, change: ChangeRequest, reviewer, revision: int) -> ChangeRequest:
    """Publish revision ``revision`` of a change: lock, check, write, record a version.

    Refused when the change has a newer revision than the one the reviewer saw,
    when the entry was published again since the change's base, and when the
    state breaks a content rule. The django-reversion revision's user is the
    author; the reviewer and the proposal are its ``PublicationMeta``; its
    comment is the edit summary.
    """
    ContentVersion.lock_for_publication()
    # The author becomes the revision's user: read with the change, not afterwards.
    locked = ChangeRequest.objects.select_for_update(of=("self",)).select_related("author")
    change = locked.get(pk=change.pk)
    _require_pending(change)
    _require_reviewer(change, reviewer)
    _require_revision(change, revision)
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
                    "(version %(base)s, now %(current)s). The author must merge it with the "
                    "published version first."
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
        announce(change, ChangeEvent.APPROVED, reviewer)
        return change

    state = change.proposed_state
    if change.action == Action.UPDATE and _same(change.base_state, state):
        raise ModerationError(
            _("This change no longer changes anything (it has been published); withdraw it.")
        )
    if entry is None:
        entry = model(pk=change.object_id) if change.object_id else model()
        entry.version = _next_version_of_deleted(model, change.object_id)
    else:
        entry.version += 1
    before = dependent_errors(entry, state) if change.action == Action.UPDATE else set()
    apply_fields(entry, state)
    validate_state(entry_type, state, instance=entry, constraints=False)
    _require_rules(entry_type, state, entry)
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
        if change.action == Action.UPDATE:
            _require_dependents_intact(before, dependent_errors(entry, state))
        reversion.add_to_revision(entry)
        reversion.set_user(change.author)
        reversion.set_comment(change.summary)
        reversion.add_meta(PublicationMeta, change_request=change, reviewer=reviewer)
    change.object_id = entry.pk
    change.object_repr = str(entry)[:200]
    _decide(change, reviewer, Status.APPROVED, extra_fields=["object_id", "object_repr"])
    ContentVersion.bump()
    announce(change, ChangeEvent.APPROVED, reviewer)
    return change


# ``@username``: Django's user-name characters, ASCII only, so that 「@bobさん」 names bob.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.+-]*[A-Za-z0-9_+-])")


def may_discuss(user, change: ChangeRequest) -> bool:
    """The author and the reviewers take part in a change's discussion."""
    return change.author_id == user.pk or can_review(user)


@transaction.atomic
def comment_add(*, change: ChangeRequest, author, text: str, field: str = "") -> Comment:
    """A comment on ``change`` (on one of its fields when ``field`` names one); the people
    it mentions with ``@username`` are recorded and told."""
    if not may_discuss(author, change):
        raise NotAllowed(
            _("Only the change's author and the reviewers take part in its discussion.")
        )
    if field and field not in commentable_fields(change):
        raise ValidationError({"field": _("This entry has no field %(field)r.") % {"field": field}})
    comment = Comment(
        change=change,
        author=author,
        text=(text or "").strip(),
        field=field,
        revision=change.revision,
    )
    comment.full_clean()
    comment.save()
    names = set(MENTION.findall(comment.text))
    if names:
        User = get_user_model()
        # Only people who may read the change can be mentioned in its discussion.
        readers = User.objects.with_perm(
            "moderation.view_changerequest", backend="django.contrib.auth.backends.ModelBackend"
        )
        comment.mentions.set(
            readers.filter(username__in=names, is_staff=True).exclude(pk=author.pk)
        )
    announce(change, ChangeEvent.COMMENTED, author, comment=comment)
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, user, resolved: bool = True) -> Comment:
    """Mark a comment resolved (what it asked is done), or open it again."""
    comment = Comment.objects.select_for_update().select_related("change").get(pk=comment.pk)
    if not may_discuss(user, comment.change):
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


@transaction.atomic
def change_claim(*, change: ChangeRequest, reviewer) -> ChangeRequest:
    """Claim a pending change for review (again: the claim runs anew)."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    _require_pending(change)
    _require_reviewer(change, reviewer)
    _require_unclaimed(change, reviewer)
    change.claimed_by, change.claimed_at = reviewer, timezone.now()
    change.save(update_fields=["claimed_by", "claimed_at"])
    return change


@transaction.atomic
def change_release(*, change: ChangeRequest, reviewer) -> ChangeRequest:
    """Give up one's claim on a change."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.claimed_by_id == reviewer.pk:
        change.claimed_by, change.claimed_at = None, None
        change.save(update_fields=["claimed_by", "claimed_at"])
    return change


def _require_unclaimed(change, reviewer):
    """Another reviewer's running claim refuses a decision; a superuser may override it
    (a claim left by someone who is away)."""
    holder = change.claim_holder_id()
    if holder is not None and holder != reviewer.pk and not reviewer.is_superuser:
        raise Claimed(
            _("%(who)s has claimed this change and is reviewing it, until %(end)s.")
            % {
                "who": change.claimed_by,
                "end": date_format(localtime(change.claim_ends_at), "TIME_FORMAT"),
            }
        )


def _require_rules(entry_type, state, entry):
    problems = state_errors(entry_type, state, entry)
    if problems:
        raise RuleBroken(
            _("“%(entry)s” cannot be published: %(reasons)s")
            % {"entry": str(entry)[:80], "reasons": " ".join(p.message for p in problems)}
        )


def _require_dependents_intact(before: set, after: set) -> None:
    broken = sorted(after - before)
    if broken:
        raise RuleBroken(
            _("Publishing this would break the rules for other entries: %(list)s")
            % {"list": "; ".join(f"“{entry}”: {message}" for entry, message in broken[:5])}
        )


# --- references -----------------------------------------------------------------


def references_to(entry) -> list[str]:
    """Other entries that point at ``entry`` and would lose their link if it were deleted.

    A citation is named by the entry that cites; rows that go with the entry (its
    own citations, the link checker's status of a source) are no obstacle. At most
    ten are named per kind of entry; the list ends with a count of the rest.
    """
    citation_models = {t.citation_model: t for t in entry_types() if t.citation_model}
    own = entry_type_for(type(entry)).citation_model
    found, more = [], 0
    for relation in entry._meta.related_objects:
        related = relation.related_model
        if related is own:
            continue
        if relation.on_delete is CASCADE and not _is_content(related, citation_models):
            continue
        rows = related._base_manager.filter(**{relation.field.name: entry})
        if related in citation_models:
            model = citation_models[related].model
            # What the entry's name reads (its claimant, its weapon) comes with it.
            shown = [f"entry__{name}" for name in getattr(model, "label_related", ())]
            rows = rows.select_related("entry", *shown).order_by("entry__pk")
            named = [f"{model._meta.verbose_name}: {row.entry}" for row in rows[:10]]
        else:
            kind = related._meta.verbose_name
            named = [f"{kind}: {row}" for row in rows[:10]]
        found.extend(named)
        if len(named) == 10:
            more += rows.count() - 10
    if more:
        found.append(_("and %(count)s more") % {"count": more})
    return found


def _is_content(model, citation_models) -> bool:
    if model in citation_models:
        return True
    try:
        entry_type_for(model)
    except LookupError:
        return False
    return True


def _referenced_message(blockers) -> str:
    return _("Cannot delete: other entries still refer to it: %(list)s.") % {
        "list": "; ".join(blockers),
    }


# --- helpers --------------------------------------------------------------------


def _create_change(*, model, **fields) -> ChangeRequest:
    change = ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(model), revision=1, **fields
    )
    _record_revision(change, RevisionKind.PROPOSED, change.author)
    announce(change, ChangeEvent.SUBMITTED, change.author)
    return change


def _next_revision(change: ChangeRequest, kind: str, author) -> None:
    """Save the change's new head as its next revision.

    A revision by its author resubmits a change sent back for changes; a merge alone
    does not (it is not the change the reviewer asked for).
    """
    change.revision += 1
    change.revised_at = timezone.now()
    if kind == RevisionKind.REVISED:
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
    _record_revision(change, kind, author)


def _record_revision(change: ChangeRequest, kind: str, author) -> ChangeRevision:
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


def _base(model, target, base_version) -> tuple[int | None, State | None]:
    """(version, state) a proposal of ``target`` is based on: the version its form showed."""
    if target is None:
        return None, None
    if base_version is None or base_version == target.version:
        return target.version, state_of(target)
    if not 1 <= base_version < target.version:
        raise ValidationError(
            {
                "base_version": _("Version %(number)s of this entry was never published.")
                % {"number": base_version}
            }
        )
    state = state_at_version(model, target.pk, base_version)
    if state is None:
        raise ValidationError(
            {
                "base_version": _(
                    "Version %(number)s, which your form showed, is no longer kept; reload the "
                    "form and make your edit again."
                )
                % {"number": base_version}
            }
        )
    state.pop("incompatible", None)
    return base_version, state


def _require_proposer(user, model, action):
    if not can_propose(user, model, action):
        raise NotAllowed(_("You may not propose this change."))


def _require_reopenable(old: ChangeRequest, model, target):
    if old.status not in (Status.REJECTED, Status.WITHDRAWN):
        raise ValidationError(_("Only a rejected or withdrawn change can be reopened."))
    if old.model is not model or old.object_id != (target.pk if target else old.object_id):
        raise ValidationError(_("The change you reopen is about another entry."))


def _target_of(change: ChangeRequest):
    """The published entry an open change edits (None for a new one); refused if deleted.

    Locked after the change, as approval locks them: its fields, links and citations
    are then read as of one version.
    """
    if change.action == Action.CREATE:
        return None
    target = change.model._base_manager.select_for_update().filter(pk=change.object_id).first()
    if target is None:
        raise Conflict(_("The entry has been deleted since; withdraw this change."))
    return target


def _unused_slug(model, base: str) -> str:
    content_type = ContentType.objects.get_for_model(model)
    taken = set(model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(
        ChangeRequest.objects.open()
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


def _require_open(change):
    if change.status not in OPEN_STATUSES:
        who = change.reviewer or change.author
        raise AlreadyDecided(
            _("This change was already %(status)s by %(who)s.")
            % {"status": change.get_status_display(), "who": who}
        )


def _require_pending(change):
    _require_open(change)
    if change.status == Status.CHANGES_REQUESTED:
        raise AlreadyDecided(
            _(
                "This change was sent back to its author for changes; it can be decided once "
                "they revise it."
            )
        )


def _require_author(change, user, message):
    if change.author_id != user.pk:
        raise NotAllowed(message)


def _require_revision(change, revision, message=None):
    if revision != change.revision:
        message = message or _(
            "This change was revised since you opened it: review revision %(number)s."
        )
        raise Revised(message % {"number": change.revision})


def _require_reviewer(change, reviewer):
    _require_unclaimed(change, reviewer)
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
    return str(candidate(model, state, target))[:200]


def _same(a: State, b: State) -> bool:
    return {k: a.get(k) for k in ("fields", "m2m", "citations")} == {
        k: b.get(k) for k in ("fields", "m2m", "citations")
    }
