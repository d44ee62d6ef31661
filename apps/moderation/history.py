"""Published states kept by django-reversion, and the published history they start."""

import reversion
from django.db import router
from reversion.models import Version

from apps.core.registry import entry_type_for, entry_types
from apps.core.states import UNREADABLE, state_of
from apps.history.models import PublicationAction
from apps.history.services import entries_imported

INITIAL_IMPORT_COMMENT = "initial import"
BATCH = 5000


def record_initial_versions(instances, *, using=None) -> int:
    """Give every entry that has no history yet its first version.

    Called after fixtures are loaded, so that history starts at the seed.
    Entries that already have a version are left alone, which makes loading
    the same fixture twice a no-op.
    """
    entries_by_model = {}
    for instance in instances:
        try:
            entry_type_for(type(instance))
        except LookupError:
            continue  # citations are followed from their entry
        entries_by_model.setdefault(type(instance), {})[str(instance.pk)] = instance
    if not entries_by_model:
        return 0
    using = using or router.db_for_write(Version)
    missing = []
    for model, by_pk in entries_by_model.items():
        versioned = set(
            Version.objects.using(using)
            .get_for_model(model, model_db=using)
            .filter(object_id__in=list(by_pk))
            .values_list("object_id", flat=True)
        )
        missing.extend(obj for pk, obj in by_pk.items() if pk not in versioned)
    if missing:
        with reversion.create_revision(manage_manually=True, using=using):
            reversion.set_comment(INITIAL_IMPORT_COMMENT)
            for obj in missing:
                reversion.add_to_revision(obj, model_db=using)
        entries_imported(with_states(missing, using), summary=INITIAL_IMPORT_COMMENT)
    return len(missing)


def with_states(instances, using=None):
    """(entry, state) of each instance, read again with its links and citations: a few
    queries per kind of entry, not per entry."""
    using = using or router.db_for_read(Version)
    by_model = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance.pk)
    for model, pks in by_model.items():
        entry_type = entry_type_for(model)
        related = [field.name for field in entry_type.m2m_fields]
        if entry_type.citation_model is not None:
            related.append("citations")
        # In batches: PostgreSQL takes at most 65,535 parameters a query (a fixture, or
        # the benchmark's 100,000 events).
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            entries = model._base_manager.using(using).filter(pk__in=batch)
            for entry in entries.prefetch_related(*related):
                yield entry, state_of(entry)


def rebuild_published_history() -> int:
    """The published history (``history.Publication``) made anew from django-reversion's
    versions and the approved deletions, in the order they happened: for a database whose
    history predates it. How many publications were recorded."""
    from apps.history.models import Publication
    from apps.history.services import publication_record

    from .models import Action, ChangeRequest, Status
    from .selectors import state_of_version, stored_version_number

    Publication.objects.all().delete()
    happened = []
    for entry_type in entry_types():
        model = entry_type.model
        versions = Version.objects.get_for_model(model).select_related("revision")
        for version in versions.order_by("revision__date_created", "pk"):
            happened.append((version.revision.date_created, 0, model, version))
    deletions = ChangeRequest.objects.filter(action=Action.DELETE, status=Status.APPROVED)
    for change in deletions.select_related("content_type"):
        happened.append((change.decided_at, 1, change.model, change))
    happened.sort(key=lambda item: (item[0], item[1], item[3].pk))
    current = set()
    for when, is_deletion, model, what in happened:
        key = (model, what.object_id if is_deletion else int(what.object_id))
        if is_deletion:
            publication_record(
                model=model,
                object_id=what.object_id,
                action=PublicationAction.DELETED,
                version=(what.base_version or 1),
                state=None,
                summary=what.summary,
                when=when,
            )
            current.discard(key)
            continue
        state = state_of_version(what)
        state.pop("incompatible", None)
        data = _stored_fields(what)
        publication_record(
            model=model,
            object_id=int(what.object_id),
            action=PublicationAction.UPDATED if key in current else PublicationAction.CREATED,
            version=stored_version_number(what) or 1,
            state=state,
            summary=what.revision.comment,
            date_last=data.get("date_last"),
            when=when,
        )
        current.add(key)
    return len(happened)


def _stored_fields(version) -> dict:
    try:
        return version.field_dict
    except UNREADABLE:
        return {}
