"""``loaddata`` that validates every object and starts each entry's history.

Each object goes through ``full_clean()`` before it is saved, so a broken
fixture fails with a message naming the object and nothing is written (Django
wraps the whole load in one transaction). Entries loaded without a history get
their first django-reversion version, commented "initial import".
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from apps.core.models import ContentVersion
from apps.moderation.history import record_initial_versions


def _name(instance) -> str:
    label = instance._meta.label_lower
    try:
        key = instance.natural_key()
    except (ObjectDoesNotExist, AttributeError):  # the unresolvable key is reported below
        key = None
    return f"{label} {key!r}" if key else f"{label} pk={instance.pk!r}"


class Command(loaddata.Command):
    help = (
        loaddata.Command.help
        + " Every object is validated first; entries loaded without history get their first"
        " version ('initial import')."
    )

    def loaddata(self, fixture_labels):
        ContentVersion.lock_for_publication(self.using)  # inside the load's transaction
        self.loaded_instances = []
        super().loaddata(fixture_labels)
        created = record_initial_versions(self.loaded_instances, using=self.using)
        if self.loaded_instances:
            ContentVersion.bump(self.using)  # fixtures change published content too
        if self.verbosity >= 1 and created:
            self.stdout.write(f"Recorded the first version of {created} entries.")

    def save_obj(self, obj):
        instance = obj.object
        if instance.pk is not None:
            # Found by its natural key: validate as an update, not a second row.
            manager = type(instance)._base_manager.using(self.using)
            instance._state.adding = not manager.filter(pk=instance.pk).exists()
        # Links are checked by the database when the load commits (Django defers foreign
        # key checks), so that a fixture may list an object before one it refers to.
        links = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        try:
            instance.full_clean(exclude=links)
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
            )
            raise CommandError(f"Invalid {_name(instance)}: {problems}") from None
        saved = super().save_obj(obj)
        if saved:
            self.loaded_instances.append(instance)
        return saved
