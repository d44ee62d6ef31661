from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticleConfig(AppConfig):
    name = "apps.article"
    verbose_name = _("Article")

    def ready(self):
        from apps.claims.checks import register_check
        from apps.core.registry import register

        from .checks import passages_out_of_order
        from .models import Article, Passage, PassageCitation

        register(Article)
        register(Passage, citations=PassageCitation, text_field="text")
        register_check(passages_out_of_order)
