from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.models import ContentVersion
from apps.moderation.history import rebuild_published_history


class Command(BaseCommand):
    help = (
        "Make the published history (what the public saw, and when: the API's change feed "
        "and ?as_of=) anew from django-reversion's versions and the approved deletions."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            ContentVersion.lock_for_publication()
            count = rebuild_published_history()
        self.stdout.write(f"Recorded {count} publications.")
