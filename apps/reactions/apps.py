from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReactionsConfig(AppConfig):
    name = "apps.reactions"
    verbose_name = _("Reactions")

    def ready(self):
        from apps.core.registry import register

        from .models import Reaction, ReactionCitation

        register(Reaction, citations=ReactionCitation, requires_citation=True, text_field="summary")
