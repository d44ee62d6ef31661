from django.core.management.base import BaseCommand
from django.db import transaction

from apps.actors.models import derive_all_roots
from apps.core.models import ContentVersion


class Command(BaseCommand):
    help = (
        "Re-derive each actor's stored country or organisation from its affiliations "
        "(check_content reports when they disagree)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            ContentVersion.lock_for_publication()
            wrong = derive_all_roots()
            if wrong:
                ContentVersion.bump()  # cached pages grouped claims by the old roots
        self.stdout.write(f"{wrong} actor(s) corrected.")
