from django.contrib import admin

from apps.core.admin import DATE_FIELDS, RELATIVE_DATE_FIELDS, fuzzy_date
from apps.moderation.admin import CitationInline, EntryAdmin

from .models import EstimateCitation, Event, EventCitation, TroopEstimate

CLAIM_FIELDS = [("claimant", "claim_status", "claim_rank"), ("claim_note", "claim_inferred")]


class EventCitationInline(CitationInline):
    model = EventCitation


@admin.register(Event)
class EventAdmin(EntryAdmin):
    list_display = ["title", fuzzy_date, "kind"]
    list_filter = ["kind", "claim_status", "date_precision", "actors"]
    search_fields = ["title", "text", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["actors", "places", "claimant", "date_relative_to"]
    fields = [
        "slug",
        DATE_FIELDS,
        RELATIVE_DATE_FIELDS,
        "kind",
        "title",
        "text",
        "actors",
        "places",
        *CLAIM_FIELDS,
    ]
    inlines = [EventCitationInline]


class EstimateCitationInline(CitationInline):
    model = EstimateCitation


@admin.register(TroopEstimate)
class TroopEstimateAdmin(EntryAdmin):
    list_display = ["__str__", fuzzy_date, "claimant", "figure", "qualifier", "scope"]
    list_filter = ["scope", "claim_status", "claim_rank", "claimant"]
    search_fields = ["statement", "slug", "claimant__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["claimant", "event", "places", "date_relative_to"]
    fields = [
        "slug",
        DATE_FIELDS,
        RELATIVE_DATE_FIELDS,
        "claimant",
        ("figure", "figure_high", "qualifier"),
        "scope",
        "statement",
        "event",
        "places",
        ("claim_status", "claim_rank"),
        ("claim_note", "claim_inferred"),
    ]
    inlines = [EstimateCitationInline]
