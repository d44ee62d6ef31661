from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "apps.places"
    verbose_name = _("Places")

    def ready(self):
        from apps.core.registry import register

        from .models import Place

        register(Place)
