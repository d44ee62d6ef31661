from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "apps.events"
    verbose_name = _("Events")

    def ready(self):
        from apps.claims.checks import register_check
        from apps.core.registry import register

        from .checks import bases_not_quoted, figures_without_estimate
        from .models import EstimateCitation, Event, EventCitation, TroopEstimate

        register(Event, citations=EventCitation, requires_citation=True, text_field="text")
        register(
            TroopEstimate,
            citations=EstimateCitation,
            requires_citation=True,
            merged_together=[("figure", "figure_high", "qualifier")],
            text_field="statement",
        )
        register_check(figures_without_estimate)
        register_check(bases_not_quoted)
