from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.moderation.admin import EntryAdmin

from .models import Correction


@admin.register(Correction)
class CorrectionAdmin(EntryAdmin):
    """Corrections are written by the reviewer as they approve a change; later, their note
    is edited through a proposal like any entry's, and the rest stays as published."""

    list_display = ["published_at", "corrected_entry", "note"]
    list_filter = ["content_type"]
    search_fields = ["note", "slug"]
    date_hierarchy = "published_at"
    fields = ["slug", "note", "content_type", "object_id", "entry_version", "published_at"]
    readonly_fields = ["content_type", "object_id", "entry_version", "published_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("entry"))
    def corrected_entry(self, obj):
        return f"{obj.content_type.model_class()._meta.verbose_name} #{obj.object_id}"
