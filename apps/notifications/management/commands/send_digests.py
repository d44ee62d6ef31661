from django.core.management.base import BaseCommand

from ...tasks import send_digests


class Command(BaseCommand):
    help = "Queue the daily digest mail of those who chose one (run once a day, e.g. from cron)."

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Digests queued ({result.id}).")
