"""A demo editor and a demo reviewer for a newcomer's first ``make run`` (DEBUG only)."""

import io
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = {"demo-editor": "editor", "demo-reviewer": "reviewer"}


class Command(BaseCommand):
    help = (
        "With DEBUG on, and only once: create demo-editor and demo-reviewer with generated "
        "passwords, printed this once. Real accounts: create_editorial_user."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for development (DEBUG=1) only; "
                "use create_editorial_user for real ones."
            )
        if get_user_model().objects.filter(username__in=DEMO_USERS).exists():
            return  # made on an earlier run: their passwords were shown then
        lines = []
        for username, role in DEMO_USERS.items():
            password = secrets.token_urlsafe(12)
            call_command(
                "create_editorial_user",
                username,
                role=role,
                email=f"{username}@example.org",
                password=password,
                stdout=io.StringIO(),  # its own report would repeat ours
            )
            lines.append(f"  {username:<14} {password}   ({role})")
        self.stdout.write(
            "\nDemo accounts, for this development database only (shown once):\n"
            + "\n".join(lines)
            + "\nLog in at http://127.0.0.1:8000/admin/ — one proposes, the other reviews.\n"
        )
