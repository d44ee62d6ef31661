from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "apps.moderation"
    verbose_name = _("Moderation")

    def ready(self):
        post_migrate.connect(_history_for_an_older_database, sender=self)


def _history_for_an_older_database(sender, using, **kwargs):
    """A database whose history predates the published history gets it once, from
    django-reversion's versions, the first time it is migrated (``rebuild_history``)."""
    from django.core.management import call_command
    from reversion.models import Version

    from apps.history.models import Publication

    if Version.objects.using(using).exists() and not Publication.objects.using(using).exists():
        call_command("rebuild_history", verbosity=0)
