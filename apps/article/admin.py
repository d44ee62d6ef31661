from django.contrib import admin

from apps.moderation.admin import CitationInline, EntryAdmin

from .models import Article, Passage, PassageCitation


@admin.register(Article)
class ArticleAdmin(EntryAdmin):
    list_display = ["title", "part_of"]
    search_fields = ["title"]
    autocomplete_fields = ["places"]
    fields = ["slug", "title", "reading", "part_of", "places", "result"]


class PassageCitationInline(CitationInline):
    model = PassageCitation


@admin.register(Passage)
class PassageAdmin(EntryAdmin):
    list_display = ["__str__", "section", "position"]
    list_filter = ["section"]
    search_fields = ["text", "slug"]
    autocomplete_fields = ["actors", "places", "event", "reaction", "weapon_report"]
    fields = [
        "slug",
        "article",
        "section",
        "position",
        "starts_paragraph",
        "text",
        "event",
        "reaction",
        "weapon_report",
        "actors",
        "places",
    ]
    inlines = [PassageCitationInline]
