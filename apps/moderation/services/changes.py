"""One entry's change: propose, revise, merge, withdraw, send back, reject, approve."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.core.models import ContentVersion
from apps.core.registry import entry_type_for
from apps.corrections.rules import substantive_changes

from ..exceptions import Conflict, ModerationError, NotAllowed
from ..models import Action, ChangeRequest, Changeset, RevisionKind, SendBack, Status
from ..proposals import candidate, validate_proposal
from ..publishing import (
    changeset_applied,
    in_order,
    is_provisional,
    provisional_id,
    publish,
    references,
    same_state,
)
from ..references import referenced_message, references_to
from ..selectors import checked_merge, state_at_version, state_of_version
from ..signals import ChangeEvent, announce
from ..state import State, state_of
from .guards import (
    require_alone,
    require_author,
    require_open,
    require_pending,
    require_proposer,
    require_reviewer,
    require_revision,
    summary_text,
)
from .records import changeset_touched, create_change, decide, next_revision

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
    changeset: Changeset | None = None,
    in_draft: bool = False,
) -> ChangeRequest:
    """Propose a new entry (``target`` None) or a new state of ``target``.

    ``base_version`` is the published version the author's form showed (when None,
    that of ``target`` as the caller read it). When it is older than the current one, the
    proposal is recorded as written and then merged with what was published
    since: by itself when the edits do not overlap, otherwise it waits for the
    author to resolve the conflicts (``change_merge``).

    In ``changeset`` (one of the author's, not decided; ``in_draft``: the author's draft,
    begun if need be), the proposal is validated with the changeset's other entries
    written, and may refer to the entries new in it. A proposal that refers to entries new
    in one of the author's changesets belongs to it, asked or not.
    """
    action = Action.UPDATE if target else Action.CREATE
    require_proposer(author, model, action)
    if in_draft and changeset is None:
        changeset = changeset_for_adding(author=author)
    elif changeset is None:
        changeset = _changeset_referred_to(author, model, state)
    if changeset is not None:
        changeset = lock_for_adding(changeset, author)
        if changeset.changes.open().count() >= settings.MODERATION_CHANGESET_MAX_ENTRIES:
            raise ValidationError(
                _("A changeset holds at most %(limit)s entries: submit this one and begin another.")
                % {"limit": settings.MODERATION_CHANGESET_MAX_ENTRIES}
            )
        if target is not None and (changeset.changes.open().for_entry(model, target.pk).exists()):
            raise ValidationError(
                _("This entry is in the changeset already: revise its change there.")
            )
    if target is None:
        state = _with_slug(model, state)
    else:
        # The state is an edit of the version the caller read, whatever was published since.
        base_version = base_version or target.version
        # Re-read and locked: its fields, links and citations as of one version.
        target = model._base_manager.select_for_update().get(pk=target.pk)
    with changeset_applied(changeset):
        validate_proposal(model, state, target)
        object_repr = _repr(model, state, target)
    base_version, base_state = _base(model, target, base_version)
    if target and same_state(base_state, state):
        raise ValidationError(_("This proposal changes nothing."))
    if reopens is not None:
        _require_reopenable(reopens, model, target)
    change = create_change(
        model=model,
        changeset=changeset,
        object_id=target.pk if target else None,
        object_repr=object_repr,
        action=action,
        proposed_state=state,
        base_state=base_state,
        base_version=base_version,
        summary=summary_text(summary),
        author=author,
        restored_from=restored_from,
        reopens=reopens,
    )
    if changeset is not None:
        in_order(changeset.changes.open())  # refused: new entries in a circle
    if target is not None and base_version != target.version:
        _merge_forward(change, target)
    return change


@transaction.atomic
def changeset_for_adding(*, author, changeset_id: int | None = None) -> Changeset:
    """The changeset the author adds an entry to: the one named (theirs, not decided), or
    their draft, begun if they have none."""
    if changeset_id is not None:
        changeset = Changeset.objects.filter(pk=changeset_id).first()
        if changeset is None:
            raise ValidationError(
                _("There is no changeset #%(number)s.") % {"number": changeset_id}
            )
        return lock_for_adding(changeset, author)
    draft = Changeset.objects.select_for_update().filter(author=author, status=Status.DRAFT)
    changeset = draft.first()
    if changeset is not None:
        return changeset
    try:
        with transaction.atomic():
            return Changeset.objects.create(author=author, status=Status.DRAFT)
    except IntegrityError:  # begun meanwhile, in another tab
        return draft.get()


def _changeset_referred_to(author, model, state: State) -> Changeset | None:
    """The author's changeset whose new entries ``state`` refers to, if any."""
    changes = {-pk for _model, pk in references(model, state) if is_provisional(pk)}
    if not changes:
        return None
    changesets = set(
        ChangeRequest.objects.filter(pk__in=changes, author=author, changeset__isnull=False)
        .values_list("changeset", flat=True)
        .distinct()
    )
    if len(changesets) > 1:
        raise ValidationError(
            _("This entry refers to entries new in two of your changesets: choose one.")
        )
    return Changeset.objects.filter(pk__in=changesets).first()


def lock_for_adding(changeset: Changeset, author) -> Changeset:
    """The author's changeset, locked, if entries can still be added to it.

    Behind the publication lock first, as an approval takes them: the proposal is then
    validated in a look that may lock published entries (``publishing.applied``).
    """
    ContentVersion.lock_for_publication()
    changeset = Changeset.objects.select_for_update().get(pk=changeset.pk)
    require_author(changeset, author, _("Only its author adds entries to a changeset."))
    require_open(changeset)
    return changeset


@transaction.atomic
def change_propose_deletion(*, author, target, summary: str) -> ChangeRequest:
    model = type(target)
    require_proposer(author, model, Action.DELETE)
    blockers = references_to(target)
    if blockers:
        raise ValidationError(referenced_message(blockers))
    return create_change(
        model=model,
        object_id=target.pk,
        object_repr=str(target)[:200],
        action=Action.DELETE,
        proposed_state=None,
        base_state=state_of(target),
        base_version=target.version,
        summary=summary_text(summary),
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
    require_proposer(author, model, Action.CREATE)
    if (
        ChangeRequest.objects.open()
        .filter(
            content_type=version.content_type, object_id=version.object_id, action=Action.CREATE
        )
        .exists()
    ):
        raise ValidationError(_("A recovery of this entry is already awaiting review."))
    validate_proposal(model, state, None)
    return create_change(
        model=model,
        object_id=int(version.object_id),
        object_repr=_repr(model, state, None),
        action=Action.CREATE,
        proposed_state=state,
        summary=summary_text(summary),
        author=author,
        restored_from=version,
    )


# --- revising -------------------------------------------------------------------


def lock_change(change: ChangeRequest) -> ChangeRequest:
    """The change, locked, after its changeset and the publication lock (the order in
    which a changeset's approval takes them: a change of a changeset is validated in a
    look that may lock published entries)."""
    changeset_id = ChangeRequest.objects.filter(pk=change.pk).values_list("changeset", flat=True)
    changeset_id = changeset_id.first()
    changeset = None
    if changeset_id is not None:
        ContentVersion.lock_for_publication()
        changeset = Changeset.objects.select_for_update().get(pk=changeset_id)
    locked = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if changeset is not None:
        locked.changeset = changeset
    return locked


@transaction.atomic
def change_revise(
    *, change: ChangeRequest, author, summary: str, state: State, revision: int
) -> ChangeRequest:
    """The author saves a new revision of an open change (and so resubmits it).

    ``revision`` is the revision the author's form was loaded from; the state is
    an edit of it, and so of the version that revision is based on. If that
    version is no longer the published one, the new revision is merged with it
    as in ``change_propose``. A change of a changeset is validated with the changeset's
    other entries, and the changeset as a whole is resubmitted.
    """
    change = lock_change(change)
    require_open(change)
    require_author(change, author, _("Only the author can revise a proposed change."))
    require_proposer(author, change.model, change.action)
    if change.action == Action.DELETE:
        raise NotAllowed(_("A proposed deletion cannot be revised; withdraw it instead."))
    require_revision(
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
    with changeset_applied(change.changeset, excluding=change):
        validate_proposal(model, state, target)
        object_repr = _repr(model, state, target)
    summary = summary_text(summary)
    stale = target is not None and change.base_version != target.version
    unchanged = same_state(change.proposed_state, state) and summary == change.summary
    resubmitting = change.status == Status.CHANGES_REQUESTED and change.changeset_id is None
    if unchanged and not stale and not resubmitting:
        raise ValidationError(_("This revision changes nothing."))
    if not unchanged or resubmitting:
        change.proposed_state = state
        change.summary = summary
        change.object_repr = object_repr
        next_revision(change, RevisionKind.REVISED, author)
        if change.changeset_id is None:
            announce(change, ChangeEvent.RESUBMITTED, author)
        else:
            in_order(change.changeset.changes.open())  # refused: new entries in a circle
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
    change = lock_change(change)
    require_open(change)
    require_author(change, author, _("Only the author can merge a proposed change."))
    require_proposer(author, change.model, change.action)
    require_revision(
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
        with changeset_applied(change.changeset, excluding=change):
            merge = checked_merge(change, target, current)
            state = merge.resolved(choices)
            validate_proposal(model, state, target)
            change.object_repr = _repr(model, state, target)
        change.proposed_state = state
    else:
        change.object_repr = str(target)[:200]
    change.base_state = current
    change.base_version = target.version
    change.summary = summary_text(summary)
    next_revision(change, RevisionKind.MERGED, author)
    return change


def _merge_forward(change: ChangeRequest, target) -> None:
    """Merge the latest revision with the published version, if it merges by itself.

    Otherwise the change stays based on its old version: approval refuses it and
    the author resolves the conflicts on the merge page.
    """
    current = state_of(target)
    with changeset_applied(change.changeset, excluding=change):
        merge = checked_merge(change, target, current)
        object_repr = _repr(change.model, merge.state, target) if merge.is_clean else ""
    if not merge.is_clean:
        return
    change.proposed_state = merge.state
    change.base_state = current
    change.base_version = target.version
    change.object_repr = object_repr
    next_revision(change, RevisionKind.MERGED, change.author)


# --- deciding -------------------------------------------------------------------


@transaction.atomic
def change_withdraw(*, change: ChangeRequest, user) -> ChangeRequest:
    """The author withdraws a change. From a changeset, the change is taken out of it
    (refused while the changeset's other entries refer to the entry it creates); a
    changeset left empty is withdrawn too."""
    change = lock_change(change)
    require_open(change)
    require_author(change, user, _("Only the author can withdraw a proposed change."))
    changeset = change.changeset
    if changeset is not None and change.action == Action.CREATE and not change.object_id:
        referring = [
            other.object_repr
            for other in changeset.changes.open().exclude(pk=change.pk)
            if any(pk == provisional_id(change) for _model, pk in _referred(other))
        ]
        if referring:
            raise ValidationError(
                _(
                    "Other entries of the changeset refer to this new entry (%(entries)s): "
                    "change them first, or withdraw the whole changeset."
                )
                % {"entries": ", ".join(referring)}
            )
    change.status = Status.WITHDRAWN
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_at"])
    if changeset is not None:
        if changeset.changes.open().exists():
            changeset_touched(changeset, user, resubmitted=True)
        else:
            changeset.status = Status.WITHDRAWN
            changeset.decided_at = change.decided_at
            changeset.save(update_fields=["status", "decided_at"])
    return change


def _referred(change: ChangeRequest):
    if change.action == Action.DELETE or not change.proposed_state:
        return set()
    return {
        (model, pk)
        for model, pk in references(change.model, change.proposed_state)
        if is_provisional(pk)
    }


@transaction.atomic
def change_request_changes(
    *, change: ChangeRequest, reviewer, revision: int, note: str
) -> ChangeRequest:
    """Send the change back to its author with what to change; they revise and resubmit."""
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    require_alone(change)
    require_pending(change)
    require_reviewer(change, reviewer)
    require_revision(change, revision)
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
    require_alone(change)
    require_open(change)
    require_reviewer(change, reviewer)
    require_revision(change, revision)
    change.decision_note = rejection_reason(reason)
    decide(change, reviewer, Status.REJECTED, extra_fields=["decision_note"])
    announce(change, ChangeEvent.REJECTED, reviewer)
    return change


def correction_decisions(changes, decisions: dict, *, field) -> tuple[dict, dict]:
    """The reviewer's (correction note, not-substantive reason) of each change, checked:
    (change id → note, change id → reason).

    A change that alters the substance of a published entry (its date, figure, claimant,
    status or rank, a citation removed: ``corrections.rules``) needs one of the two; text
    is the reviewer's to judge, so a note is welcome on any edit, never required. Nothing
    corrects a new entry, and one cannot give both. Errors are keyed by ``field(change)``.
    """
    notes, reasons, errors = {}, {}, {}
    for change in changes:
        note, reason = (text.strip() for text in decisions.get(change.pk, ("", "")))
        problem = None
        if change.action != Action.UPDATE:
            if note or reason:
                problem = _("Only an edit of a published entry is corrected.")
        elif note and reason:
            problem = _(
                "Write either a correction note or why the change is not substantive, not both."
            )
        elif not (note or reason):
            altered = substantive_changes(
                entry_type_for(change.model), change.base_state, change.proposed_state
            )
            if altered:
                problem = _(
                    "This change alters the substance of a published entry (%(what)s): write "
                    "a correction note for readers, or say why it is not substantive (a typo, "
                    "formatting)."
                ) % {"what": ", ".join(altered)}
        if problem:
            errors[field(change)] = [problem]
        elif note:
            notes[change.pk] = note
        elif reason:
            reasons[change.pk] = reason
    if errors:
        raise ValidationError(errors)
    return notes, reasons


def rejection_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"note": _("Say why the change is rejected; the author will see it.")}
        )
    return reason


@transaction.atomic
def change_approve(
    *,
    change: ChangeRequest,
    reviewer,
    revision: int,
    correction: str = "",
    not_substantive: str = "",
) -> ChangeRequest:
    """Publish revision ``revision`` of a change: lock, check, write, record a version.

    Refused when the change has a newer revision than the one the reviewer saw,
    when the entry was published again since the change's base, and when the
    state breaks a content rule. The django-reversion revision's user is the
    author; the reviewer and the proposal are its ``PublicationMeta``; its
    comment is the edit summary. A change that alters the substance of a published
    entry is published with the reviewer's ``correction`` note, or their reason it is
    ``not_substantive`` (``correction_decisions``).
    """
    ContentVersion.lock_for_publication()
    # The author becomes the revision's user: read with the change, not afterwards.
    locked = ChangeRequest.objects.select_for_update(of=("self",)).select_related("author")
    change = locked.get(pk=change.pk)
    require_alone(change)
    require_pending(change)
    require_reviewer(change, reviewer)
    require_revision(change, revision)
    publish(
        [change],
        reviewer=reviewer,
        comment=change.summary,
        decide_corrections=lambda changes: correction_decisions(
            changes, {change.pk: (correction, not_substantive)}, field=lambda _change: "correction"
        ),
    )
    decide(change, reviewer, Status.APPROVED, extra_fields=["object_id", "object_repr"])
    ContentVersion.bump()
    announce(change, ChangeEvent.APPROVED, reviewer)
    return change


# --- helpers --------------------------------------------------------------------


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


def _repr(model, state, target) -> str:
    return str(candidate(model, state, target))[:200]
