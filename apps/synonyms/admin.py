from django.contrib import admin

from apps.moderation.admin import EntryAdmin

from .models import SynonymSet


@admin.register(SynonymSet)
class SynonymSetAdmin(EntryAdmin):
    list_display = ["__str__", "slug"]
    search_fields = ["words", "slug"]
    fields = ["slug", "words"]
