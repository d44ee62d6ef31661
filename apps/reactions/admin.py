from django.contrib import admin

from apps.core.admin import DATE_FIELDS, RELATIVE_DATE_FIELDS, fuzzy_date
from apps.moderation.admin import CitationInline, EntryAdmin

from .models import Reaction, ReactionCitation


class ReactionCitationInline(CitationInline):
    model = ReactionCitation


@admin.register(Reaction)
class ReactionAdmin(EntryAdmin):
    list_display = ["__str__", fuzzy_date, "group", "kind"]
    list_filter = ["group", "kind", "actors"]
    search_fields = ["summary", "quotation", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["actors", "supporters", "places", "date_relative_to"]
    fields = [
        "slug",
        DATE_FIELDS,
        RELATIVE_DATE_FIELDS,
        "group",
        "kind",
        "actors",
        "supporters",
        "places",
        "summary",
        "quotation",
    ]
    inlines = [ReactionCitationInline]
