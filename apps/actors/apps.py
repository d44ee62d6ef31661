from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "apps.actors"
    verbose_name = _("Actors")

    def ready(self):
        from apps.core.registry import register

        from .models import Actor

        register(Actor)
