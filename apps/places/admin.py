from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(EntryAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    fields = ["slug", "name", "kind", "parent", "latitude", "longitude", "radius_km"]
