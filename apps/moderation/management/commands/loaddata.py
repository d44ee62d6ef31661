"""``loaddata`` that validates every object and starts each entry's history.

Each object goes through ``full_clean()`` before it is saved, so a broken
fixture fails with a message naming the object and nothing is written (Django
wraps the whole load in one transaction). Entries loaded without a history get
their first django-reversion version, commented "initial import". A fixture may not
change a published entry: that is an edit, which goes through review; loading one
that would is refused, naming the entries (loading the same fixture again changes
nothing and passes).
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError, deserialize_fk_value

from apps.core.models import ContentVersion
from apps.core.registry import entry_type_for
from apps.moderation.history import record_initial_versions
from apps.moderation.selectors import state_of_version, versions_of
from apps.moderation.state import state_of


def _name(instance) -> str:
    label = instance._meta.label_lower
    try:
        key = instance.natural_key()
    except (ObjectDoesNotExist, AttributeError):  # the unresolvable key is reported below
        key = None
    return f"{label} {key!r}" if key else f"{label} pk={instance.pk!r}"


def _changes_published(instance) -> bool:
    """Whether a loaded entry that existed before now differs from its last version."""
    try:
        entry_type_for(type(instance))
    except LookupError:
        return False  # a citation: its entry's state holds it
    latest = versions_of(type(instance), instance.pk).first()
    if latest is None:
        return False  # no history yet: it gets its first version now
    instance.refresh_from_db()
    return state_of(instance) != state_of_version(latest)


class Command(loaddata.Command):
    help = (
        loaddata.Command.help
        + " Every object is validated first; entries loaded without history get their first"
        " version ('initial import')."
    )

    def loaddata(self, fixture_labels):
        ContentVersion.lock_for_publication(self.using)  # inside the load's transaction
        self.loaded_instances, self.existing = [], []
        try:
            super().loaddata(fixture_labels)
        except DeserializationError as exc:
            # Django saves the late links last and raises with the lookup's failure as the
            # context; any other error is reported as it is.
            if isinstance(exc.__context__, ObjectDoesNotExist):
                self._report_unresolved_links()
            raise
        circles = self._circular_links()
        if circles:
            raise CommandError(
                "The fixture links entries into a circle: "
                + "; ".join(circles[:10])
                + ". Nothing was loaded."
            )
        changed = [_name(entry) for entry in self.existing if _changes_published(entry)]
        if changed:
            raise CommandError(
                "The fixture would change published entries without review: "
                + ", ".join(changed[:10])
                + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
                + ". Propose the change in the admin instead; nothing was loaded."
            )
        created = record_initial_versions(self.loaded_instances, using=self.using)
        if self.loaded_instances:
            ContentVersion.bump(self.using)  # fixtures change published content too
        if self.verbosity >= 1 and created:
            self.stdout.write(f"Recorded the first version of {created} entries.")

    def _circular_links(self) -> list[str]:
        """Loaded entries whose link into their own table (an actor's affiliation, a
        place's parent) leads into a circle. Links saved last skip ``clean()``, which
        checks this for one entry at a time."""
        found = []
        for model in {type(instance) for instance in self.loaded_instances}:
            for field in model._meta.concrete_fields:
                if not (field.many_to_one and field.related_model is model and field.editable):
                    continue
                rows = model._base_manager.using(self.using).values_list("pk", field.attname)
                above = dict(rows)
                for pk in above:
                    seen, node = {pk}, above[pk]
                    while node is not None and node not in seen:
                        seen.add(node)
                        node = above.get(node)
                    if node is not None:
                        found.append(
                            f"{model._meta.label_lower} pk={pk}: {field.name!r} leads into a circle"
                        )
        return found

    def _report_unresolved_links(self):
        """A link saved last (see apps.core.serializers) to an object that is nowhere."""
        for obj in self.objs_with_deferred_fields:
            for field, key in obj.deferred_fields.items():
                try:
                    deserialize_fk_value(field, key, self.using, handle_forward_references=False)
                except ObjectDoesNotExist:
                    related = field.related_model._meta.label_lower
                    raise CommandError(
                        f"{_name(obj.object)}: field {field.name!r}: no {related} with key "
                        f"{key!r} in the database or the fixture; nothing was loaded."
                    ) from None

    def save_obj(self, obj):
        instance = obj.object
        if instance.pk is not None:
            # Found by its natural key: validate as an update, not a second row.
            manager = type(instance)._base_manager.using(self.using)
            instance._state.adding = not manager.filter(pk=instance.pk).exists()
            if not instance._state.adding:
                self.existing.append(instance)
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
