from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "apps.sources"
    verbose_name = _("Sources")

    def ready(self):
        from apps.core.registry import register

        from .models import Source

        register(Source)
