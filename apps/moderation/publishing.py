"""Proposed states written into the live tables: for good at approval (``publish``), or
for a look inside a transaction that is rolled back (``applied``).

The look is how a changeset's entries see one another before anything is published: a
proposal is validated, an entry form offers the changeset's new entries, and a preview
renders the public pages, all with the changeset written into the tables and then
rolled back. Nothing reads a proposal any other way, so the pages, forms and rules need
not know that proposals exist.

An entry new in a changeset has no id until it is published. The changeset's other entries
refer to it by its *provisional id*, minus the id of the change that creates it
(``provisional_id``): written for a look, the entry gets that id itself, so every
reference resolves; published, it gets an id of its own and the references to it are
rewritten (``with_ids``).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from apps.claims.rules import dependent_errors, state_errors
from apps.core.models import ContentVersion
from apps.core.registry import entry_type_for
from apps.core.states import state_of
from apps.corrections.models import Correction
from apps.history.services import entry_deleted, entry_published

from .exceptions import Conflict, ModerationError, RuleBroken
from .models import Action, ChangeRequest, PublicationMeta
from .references import referenced_message, references_to
from .state import UNREADABLE, State, apply_fields, related_models, validate_state, write_links


def provisional_id(change: ChangeRequest) -> int:
    """The id a changeset's entries use for the entry ``change`` creates, until it is
    published."""
    return -change.pk


def is_provisional(pk) -> bool:
    return isinstance(pk, int) and pk < 0


def references(model, state: State) -> set[tuple[type, int]]:
    """(model, id) of every entry ``state`` refers to: its links, its citations' sources
    and the actors they are attributed to."""
    entry_type = entry_type_for(model)
    found = set()
    fields, links = state.get("fields", {}), state.get("m2m", {})
    for name, related in related_models(entry_type).items():
        value = fields.get(name) if name in fields else links.get(name)
        for pk in value if isinstance(value, list) else [value]:
            if pk is not None:
                found.add((related, pk))
    if entry_type.citation_model is not None:
        citation = entry_type.citation_model._meta
        for row in state.get("citations", []):
            for name in ("source", "via"):
                if row.get(name) is not None:
                    found.add((citation.get_field(name).related_model, row[name]))
    return found


def with_ids(model, state: State, ids: dict[int, int]) -> State:
    """``state`` with the provisional ids in ``ids`` replaced by the ids the entries got."""
    if not ids:
        return state
    entry_type = entry_type_for(model)

    def real(pk):
        return ids.get(pk, pk)

    fields = dict(state.get("fields", {}))
    links = {name: list(pks) for name, pks in state.get("m2m", {}).items()}
    for name in related_models(entry_type):
        if name in fields and fields[name] is not None:
            fields[name] = real(fields[name])
        elif name in links:
            links[name] = sorted(real(pk) for pk in links[name])
    citations = [
        {**row, "source": real(row.get("source")), "via": real(row.get("via"))}
        for row in state.get("citations", [])
    ]
    return {**state, "fields": fields, "m2m": links, "citations": citations}


def target_key(change: ChangeRequest) -> tuple[type, int] | None:
    """(model, id) by which others refer to the entry ``change`` writes."""
    if change.object_id is not None:
        return change.model, change.object_id
    if change.pk is not None and change.changeset_id is not None:
        return change.model, provisional_id(change)
    return None


def in_order(changes: Iterable[ChangeRequest]) -> list[ChangeRequest]:
    """The changes, each after the others' entries it refers to: a new source before the
    event citing it, an actor's new organisation before the actor.

    Refused when entries new in the changeset refer to one another in a circle: none of
    them could be validated first. Edits of existing entries that refer to one another
    keep the order they were proposed in.
    """
    changes = sorted(changes, key=lambda change: (change.created_at, change.pk or 0))
    by_key = {target_key(change): change for change in changes if target_key(change)}
    after = {change.pk: set() for change in changes}
    for change in changes:
        if change.action == Action.DELETE or not change.proposed_state:
            continue
        for key in references(change.model, change.proposed_state):
            other = by_key.get(key)
            if other is not None and other.pk != change.pk:
                after[change.pk].add(other.pk)
    ordered, placed = [], set()
    while len(ordered) < len(changes):
        ready = [c for c in changes if c.pk not in placed and after[c.pk] <= placed]
        if not ready:
            stuck = [c for c in changes if c.pk not in placed]
            if any(c.action == Action.CREATE and c.object_id is None for c in stuck):
                raise ValidationError(
                    _(
                        "New entries of this changeset refer to one another in a circle "
                        "(%(entries)s): one of them must be proposed without the link."
                    )
                    % {"entries": ", ".join(c.object_repr for c in stuck)}
                )
            ready = stuck[:1]
        ordered.append(ready[0])
        placed.add(ready[0].pk)
    return ordered


# --- a look: written, then rolled back ---------------------------------------------


@dataclass
class Applied:
    """What a look wrote: each change's entry as written, and why any could not be."""

    entries: dict[int, object] = field(default_factory=dict)  # change pk → entry
    failed: dict[int, str] = field(default_factory=dict)  # change pk → the database's reason


@contextmanager
def applied(changes: Iterable[ChangeRequest]) -> Iterator[Applied]:
    """The live tables as they would be with ``changes`` published, until the block ends;
    then everything written is rolled back.

    Nothing is checked: what a form, a rule or a page makes of the state is the caller's
    to see. A change the database refuses (a constraint, a value) is left out, and its
    reason is in ``failed``; any other database error is raised. A look that writes to
    published entries queues behind publications first (``lock_for_publication``), as an
    approval does, so that the two never lock the same rows in opposite orders; one that
    only adds new entries locks nothing published (foreign keys are checked at commit, and
    it never commits). Within a request's own transaction this is a savepoint; outside one,
    a transaction.
    """
    changes = in_order(changes)
    with transaction.atomic():
        if any(change.action != Action.CREATE for change in changes):
            ContentVersion.lock_for_publication()
        look = Applied()
        try:
            for change in changes:
                try:
                    with transaction.atomic():
                        look.entries[change.pk] = _write(change, change.proposed_state)
                except (IntegrityError, DataError, ProtectedError, ObjectDoesNotExist,
                        ValidationError, *UNREADABLE) as error:  # fmt: skip
                    look.failed[change.pk] = str(error)
            yield look
        finally:
            transaction.set_rollback(True)


def changeset_applied(changeset, *, excluding: ChangeRequest | None = None, new_only=False):
    """``applied`` for the open changes of ``changeset`` but ``excluding``; nothing for no
    changeset. What a change of the changeset is validated and reviewed in.

    ``new_only``: only the entries new in it, so that they can be chosen and found while
    the published entries read as they are (what an entry form and its search need).
    """
    if changeset is None:
        return nullcontext(Applied())
    changes = changeset.changes.open().select_related("changeset")
    if excluding is not None:
        changes = changes.exclude(pk=excluding.pk)
    if new_only:
        changes = changes.filter(action=Action.CREATE, object_id__isnull=True)
    return applied(list(changes))


def _write(change: ChangeRequest, state: State | None):
    """Write ``state`` to the entry ``change`` is about (a new entry takes its provisional
    id, or the id it is recovered with), or delete it."""
    model = change.model
    if change.action == Action.DELETE:
        model._base_manager.get(pk=change.object_id).delete()
        return None
    if change.action == Action.CREATE:
        entry = model(pk=change.object_id or provisional_id(change))
        entry.version = 1
        apply_fields(entry, state)
        entry.save(force_insert=True)
    else:
        entry = model._base_manager.get(pk=change.object_id)
        entry.version += 1
        apply_fields(entry, state)
        entry.save()
    write_links(entry, state)
    return entry


# --- publication ---------------------------------------------------------------------


def publish(
    changes: list[ChangeRequest],
    *,
    reviewer,
    comment: str,
    decide_corrections=None,
) -> None:
    """Publish the reviewed states of ``changes`` (one change, or a changeset's): all of
    them, or none.

    The caller holds the publication lock and the changes' rows, and has checked the
    review. Here every entry is locked and checked (not edited since the change's base,
    not deleted), then written in ``in_order`` — validated, the content rules applied —
    and the published entries whose rules read a written one are checked again. Each
    entry gets a django-reversion revision of its own, whose user is the change's
    author, with ``comment`` and the reviewer (``PublicationMeta``), and its place in the
    published history (``history``), all at one moment. Provisional ids are rewritten to
    the new entries' ids, in the published entries and in the changes.

    ``decide_corrections(changes)`` returns (change id → correction note, change id →
    reason it is not substantive), or refuses: it is asked once every entry is written and
    its rules checked, so that a reviewer hears first what cannot be published at all. A
    note is published as a correction with the entry, in its revision.
    """
    when = timezone.now()
    ordered = in_order(changes)
    entries = {change.pk: _locked_entry(change) for change in ordered}
    before = {
        change.pk: dependent_errors(entries[change.pk], change.proposed_state)
        for change in ordered
        if change.action == Action.UPDATE
    }
    ids, states = {}, {}
    for change in ordered:
        entry = entries[change.pk]
        if change.action == Action.DELETE:
            _delete(change, entry, comment, when)
            continue
        state = with_ids(change.model, change.proposed_state, ids)
        if change.action == Action.UPDATE and same_state(change.base_state, state):
            raise ModerationError(
                _("This change no longer changes anything (it has been published); withdraw it.")
            )
        entries[change.pk] = entry = _checked_write(change, entry, state)
        states[change.pk] = state
        if change.action == Action.CREATE and change.object_id is None and change.pk:
            ids[provisional_id(change)] = entry.pk
    for change in ordered:
        if change.action == Action.UPDATE:
            _require_dependents_intact(
                before[change.pk], dependent_errors(entries[change.pk], states[change.pk])
            )
    corrections, not_substantive = decide_corrections(ordered) if decide_corrections else ({}, {})
    for change in ordered:
        entry = entries[change.pk]
        if change.action != Action.DELETE:
            correction = None
            if change.pk in corrections:
                correction = _correction(entry, corrections[change.pk], when)
            with reversion.create_revision(manage_manually=True, atomic=False):
                reversion.add_to_revision(entry)
                if correction is not None:
                    reversion.add_to_revision(correction)
                reversion.set_user(change.author)
                reversion.set_comment(comment)
                reversion.add_meta(
                    PublicationMeta,
                    change_request=change,
                    reviewer=reviewer,
                    not_substantive=not_substantive.get(change.pk, ""),
                )
            if correction is not None:
                entry_published(
                    correction, state_of(correction), created=True, summary=comment, when=when
                )
            entry_published(
                entry,
                states[change.pk],
                created=change.action == Action.CREATE,
                summary=comment,
                when=when,
            )
            change.proposed_state = states[change.pk]
            change.object_id = entry.pk
            change.object_repr = str(entry)[:200]


def _correction(entry, note: str, when) -> Correction:
    """The public correction of ``entry``, published with its new version."""
    opts = entry._meta
    correction = Correction(
        slug=f"correction-{opts.model_name}-{entry.pk}-v{entry.version}",
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        entry_version=entry.version,
        published_at=when,
        note=note,
    )
    correction.full_clean()
    correction.save(force_insert=True)
    return correction


def _locked_entry(change: ChangeRequest):
    """The entry ``change`` edits or deletes, locked; None for a new one. Refused when it
    was deleted, published again since the change's base, or (a recovery) exists again."""
    model = change.model
    entry = None
    if change.object_id is not None:
        entry = model._base_manager.select_for_update().filter(pk=change.object_id).first()
    if change.action in (Action.UPDATE, Action.DELETE):
        if entry is None:
            raise Conflict(
                _("“%(entry)s” has been deleted since this change was proposed.")
                % {"entry": change.object_repr}
            )
        if entry.version != change.base_version:
            raise Conflict(
                _(
                    "“%(entry)s” was published again since this change was proposed "
                    "(version %(base)s, now %(current)s). The author must merge it with the "
                    "published version first."
                )
                % {
                    "entry": change.object_repr,
                    "base": change.base_version,
                    "current": entry.version,
                }
            )
    elif entry is not None:
        raise Conflict(_("An entry with this id exists again; this recovery is obsolete."))
    return entry


def _checked_write(change: ChangeRequest, entry, state: State):
    model = change.model
    entry_type = entry_type_for(model)
    if entry is None:
        entry = model(pk=change.object_id) if change.object_id else model()
        entry.version = next_version_of_deleted(model, change.object_id)
    else:
        entry.version += 1
    apply_fields(entry, state)
    validate_state(entry_type, state, instance=entry, constraints=False)
    problems = state_errors(entry_type, state, entry)
    if problems:
        raise RuleBroken(
            _("“%(entry)s” cannot be published: %(reasons)s")
            % {"entry": str(entry)[:80], "reasons": " ".join(p.message for p in problems)}
        )
    # No savepoint: the publication's transaction is all or nothing, whatever fails.
    try:
        with transaction.atomic(savepoint=False):
            entry.save()
            write_links(entry, state)
    except IntegrityError as exc:
        raise ModerationError(
            _("The database refused this state: %(error)s") % {"error": exc}
        ) from exc
    return entry


def _delete(change: ChangeRequest, entry, comment: str, when) -> None:
    blockers = references_to(entry)
    if blockers:
        raise ModerationError(referenced_message(blockers))
    entry_deleted(entry, summary=comment, when=when)  # while it still has its id
    try:
        entry.delete()
    except ProtectedError as exc:
        raise ModerationError(referenced_message([str(o) for o in exc.protected_objects])) from exc


def _require_dependents_intact(before: set, after: set) -> None:
    broken = sorted(after - before)
    if broken:
        raise RuleBroken(
            _("Publishing this would break the rules for other entries: %(list)s")
            % {"list": "; ".join(f"“{entry}”: {message}" for entry, message in broken[:5])}
        )


def next_version_of_deleted(model, object_id) -> int:
    """The version number an entry published anew gets: one past its last, if it had one."""
    if object_id is None:
        return 1
    latest = Version.objects.get_for_object_reference(model, object_id).first()
    try:
        return int(latest.field_dict.get("version") or 0) + 1 if latest else 1
    except UNREADABLE:  # an unreadable old version only affects numbering
        return 1


def same_state(a: State, b: State) -> bool:
    """Whether two states say the same: fields, links and citations."""
    parts = ("fields", "m2m", "citations")
    return {k: a.get(k) for k in parts} == {k: b.get(k) for k in parts}
