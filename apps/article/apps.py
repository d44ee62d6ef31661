from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticleConfig(AppConfig):
    name = "apps.article"
    verbose_name = _("Article")

    def ready(self):
        from apps.core.registry import register

        from .models import Article, Passage, PassageCitation

        register(Article)
        register(Passage, citations=PassageCitation)
