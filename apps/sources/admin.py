from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import Source


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
