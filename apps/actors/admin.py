from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import Actor


@admin.register(Actor)
class ActorAdmin(EntryAdmin):
    list_display = ["name", "kind", "role", "affiliation", "root"]
    list_select_related = ["affiliation", "root"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "slug"]
    autocomplete_fields = ["affiliation"]
    fields = ["slug", "name", "kind", "role", "affiliation"]
