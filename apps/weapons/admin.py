from django.contrib import admin

from apps.core.admin import DATE_FIELDS, RELATIVE_DATE_FIELDS, fuzzy_date
from apps.moderation.admin import CitationInline, EntryAdmin

from .models import WeaponReport, WeaponReportCitation, WeaponSystem


@admin.register(WeaponSystem)
class WeaponSystemAdmin(EntryAdmin):
    list_display = ["name", "designation", "category", "calibre_mm"]
    list_filter = ["category"]
    search_fields = ["name", "other_names", "designation", "slug"]
    fields = ["slug", "name", "other_names", "designation", "category", "calibre_mm"]


class WeaponReportCitationInline(CitationInline):
    model = WeaponReportCitation


@admin.register(WeaponReport)
class WeaponReportAdmin(EntryAdmin):
    list_display = ["__str__", "system", fuzzy_date, "kind", "evidence"]
    list_filter = ["system", "kind", "evidence", "claim_status"]
    search_fields = ["text", "slug", "system__name"]
    autocomplete_fields = ["system", "observer", "places", "date_relative_to"]
    fields = [
        "slug",
        DATE_FIELDS,
        RELATIVE_DATE_FIELDS,
        "system",
        "kind",
        ("evidence", "evidence_location"),
        "observer",
        "text",
        "places",
        ("claim_status", "claim_rank"),
        ("claim_note", "claim_inferred"),
    ]
    inlines = [WeaponReportCitationInline]
