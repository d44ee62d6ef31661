from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.claims.checks import ERROR, run_checks


class Command(BaseCommand):
    help = (
        "List data-quality problems: entries without citations, dates that contradict their "
        "sources, sources never cited. Exits non-zero when it finds errors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Fail on warnings too, not only on errors."
        )

    def handle(self, *args, strict=False, **options):
        with translation.override("en"):  # a report for the command line, as the README shows
            findings = run_checks()
        for finding in findings:
            style = self.style.ERROR if finding.level == ERROR else self.style.WARNING
            self.stdout.write(style(str(finding)))
        errors = sum(f.level == ERROR for f in findings)
        warnings = len(findings) - errors
        self.stdout.write(f"{errors} error(s), {warnings} warning(s).")
        if errors or (strict and warnings):
            raise CommandError(f"check_content found {errors} error(s) and {warnings} warning(s).")
