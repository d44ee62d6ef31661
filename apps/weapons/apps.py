from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeaponsConfig(AppConfig):
    name = "apps.weapons"
    verbose_name = _("Weapons")

    def ready(self):
        from apps.core.registry import register

        from .models import WeaponReport, WeaponReportCitation, WeaponSystem

        register(WeaponSystem)
        register(
            WeaponReport,
            citations=WeaponReportCitation,
            requires_citation=True,
            merged_together=[("evidence", "evidence_location")],
            text_field="text",
        )
