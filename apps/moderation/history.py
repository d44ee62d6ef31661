"""Published states kept by django-reversion."""

import reversion
from django.db import router
from reversion.models import Version

from apps.core.registry import entry_type_for

INITIAL_IMPORT_COMMENT = "initial import"


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
    return len(missing)
