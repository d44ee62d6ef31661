from django.contrib import admin


class EntryAdmin(admin.ModelAdmin):
    """Admin base of every editorial entry."""

    list_per_page = 50
