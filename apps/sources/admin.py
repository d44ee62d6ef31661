from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import Source


class CitationInline(admin.TabularInline):
    """Citations of an entry, edited with the entry. Concrete inlines set ``model``."""

    extra = 0
    fields = ["position", "source"]
    autocomplete_fields = ["source"]
    ordering = ["position"]


@admin.register(Source)
class SourceAdmin(EntryAdmin):
    list_display = ["title", "work", "author", "published_on", "accessed_on", "language"]
    list_filter = ["work", "language", "published_on"]
    search_fields = ["title", "work", "author", "slug"]
    date_hierarchy = "published_on"
    fields = [
        "slug",
        "title",
        "work",
        "publisher",
        "author",
        "published_on",
        "accessed_on",
        "url",
        "language",
    ]
