from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynonymsConfig(AppConfig):
    name = "apps.synonyms"
    verbose_name = _("Search synonyms")

    def ready(self):
        from apps.core.registry import register

        from .models import SynonymSet

        register(SynonymSet)
