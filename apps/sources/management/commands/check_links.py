from collections import Counter

from django.core.management.base import BaseCommand

from apps.sources.links import check_sources
from apps.sources.models import Source


class Command(BaseCommand):
    help = (
        "Check that sources' URLs still answer (HEAD, then GET when HEAD is refused). A link is "
        "marked dead after failing on three different days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "keys", nargs="*", help="Source keys to check (default: all with a URL)."
        )
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--concurrency", type=int, default=4, help="Hosts contacted at once.")
        parser.add_argument(
            "--delay", type=float, default=1.0, help="Seconds between requests to a host."
        )

    def handle(self, *args, keys, timeout, concurrency, delay, **options):
        sources = Source.objects.published().exclude(url="")
        if keys:
            sources = sources.filter(slug__in=keys)
        results = check_sources(sources, timeout=timeout, concurrency=concurrency, delay=delay)
        for source, status in results:
            if status.last_error:
                self.stdout.write(
                    f"{status.state:8} {source.slug}: {status.last_error} ({source.url})"
                )
        counts = Counter(status.state for _, status in results)
        self.stdout.write(
            f"Checked {len(results)} link(s): "
            + ", ".join(f"{state} {counts[state]}" for state in ("live", "dead", "unknown"))
        )
