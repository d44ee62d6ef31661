from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "apps.corrections"
    verbose_name = _("Corrections")

    def ready(self):
        from apps.core.registry import register

        from .models import Correction

        register(Correction, text_field="note")
