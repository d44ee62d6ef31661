"""Recent changes: every decision on a proposed change, newest first."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Decision
from .review import KindFilter, ReadOnlyAdmin


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """Recent changes: every decision, newest first."""

    list_display = [
        "decided_at",
        "status",
        "kind",
        "action",
        "entry_link",
        "summary",
        "author",
        "reviewer",
    ]
    list_display_links = None
    list_filter = ["status", KindFilter, "reviewer", "author"]
    list_select_related = ["author", "reviewer", "content_type"]
    search_fields = ["summary", "object_repr"]
    ordering = ["-decided_at", "-pk"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).decided().visible_to(request.user)

    @admin.display(description=_("kind of entry"))
    def kind(self, obj):
        return obj.content_type.model_class()._meta.verbose_name

    @admin.display(description=_("entry"))
    def entry_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.object_repr)
