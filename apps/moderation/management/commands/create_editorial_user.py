import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.moderation.roles import EDITORS, REVIEWERS

ROLES = {"editor": [EDITORS], "reviewer": [EDITORS, REVIEWERS]}


class Command(BaseCommand):
    help = (
        "Create (or update) a staff user in the Editors or Reviewers group. The password is "
        "asked for unless --password is given; it must pass the password validators."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="Avoid on shared machines: it lands in shell history."
        )

    @transaction.atomic
    def handle(self, *args, username, role, email, password=None, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        user.email = email or user.email
        user.is_staff = True
        if password is None:
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("The passwords differ.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user.set_password(password)
        user.save()
        # The role is exactly what it says: an editor made of a reviewer loses review rights.
        editorial = {name for names in ROLES.values() for name in names}
        user.groups.remove(*Group.objects.filter(name__in=editorial - set(ROLES[role])))
        user.groups.add(*Group.objects.filter(name__in=ROLES[role]))
        self.stdout.write(f"{username}: staff user in {' and '.join(ROLES[role])}.")
        user = User.objects.get(pk=user.pk)  # permissions as they are now, not as cached
        if role == "editor" and user.has_perm("moderation.review_changerequest"):
            reason = "is a superuser" if user.is_superuser else "holds it directly or by a group"
            self.stderr.write(self.style.WARNING(f"{username} can still review changes: {reason}."))
