from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import LinkStatus, Source


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
        "archive_url",
        "archive_date",
    ]


@admin.register(LinkStatus)
class LinkStatusAdmin(admin.ModelAdmin):
    """What check_links found; kept by the command, read here."""

    list_display = ["source", "state", "last_status_code", "last_error", "last_checked_at"]
    list_filter = ["state"]
    search_fields = ["source__title", "source__slug", "checked_url"]
    list_select_related = ["source"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
