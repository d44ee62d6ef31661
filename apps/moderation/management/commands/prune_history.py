"""Delete old versions of entries, never the latest ones."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from reversion.models import Revision, Version

from apps.core.registry import entry_types


def superseded_versions(keep: int):
    """Entry versions with at least ``keep`` newer versions of the same entry."""
    entry_content_types = [ContentType.objects.get_for_model(t.model) for t in entry_types()]
    return (
        Version.objects.filter(content_type__in=entry_content_types)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("content_type_id"), F("object_id")],
                order_by=F("revision_id").desc(),
            )
        )
        .filter(rank__gt=keep)
        .values_list("pk", "revision_id", "content_type_id", "object_id")
    )


def _citation_versions_of(doomed) -> list[int]:
    """Citation versions recorded with the doomed entry versions (same revision, same entry)."""
    citation_types = {
        ContentType.objects.get_for_model(t.model).pk: ContentType.objects.get_for_model(
            t.citation_model
        ).pk
        for t in entry_types()
        if t.citation_model
    }
    wanted = {
        (revision_id, citation_types[content_type_id], int(object_id))
        for _, revision_id, content_type_id, object_id in doomed
        if content_type_id in citation_types
    }
    if not wanted:
        return []
    candidates = Version.objects.filter(
        revision_id__in={w[0] for w in wanted}, content_type_id__in={w[1] for w in wanted}
    ).values_list("pk", "revision_id", "content_type_id", "serialized_data")
    found = []
    for pk, revision_id, content_type_id, data in candidates.iterator():
        entry_id = json.loads(data)[0]["fields"].get("entry")
        if (revision_id, content_type_id, entry_id) in wanted:
            found.append(pk)
    return found


class Command(BaseCommand):
    help = (
        "Delete every version of an entry that has at least --keep newer versions, with the "
        "citations recorded alongside it, then revisions left empty. The latest version of "
        "every entry, published or deleted, is always kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, default=10, help="Versions to keep per entry (≥ 1)."
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, keep, dry_run, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1: the latest version is never deleted.")
        with transaction.atomic():
            doomed = list(superseded_versions(keep))
            citations = _citation_versions_of(doomed)
            revisions = {revision_id for _, revision_id, _, _ in doomed}
            if not dry_run:
                Version.objects.filter(pk__in=[pk for pk, *_ in doomed] + citations).delete()
                Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(doomed)} version(s) of entries and {len(citations)} of their citations; "
            f"kept the {keep} latest version(s) of every entry."
        )
