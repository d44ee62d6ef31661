from django.db.models import F, Min, Prefetch

from apps.sources.footnotes import Footnotes
from apps.sources.selectors import citations_prefetch

from .models import WeaponReport, WeaponReportCitation, WeaponSystem


def reports_with_details():
    return (
        WeaponReport.objects.published()
        .select_related("system", "observer")
        .prefetch_related(citations_prefetch(WeaponReportCitation), "places")
        .order_by(F("date").asc(nulls_last=True), "pk")
    )


def systems_with_reports():
    """Weapon systems by first report, each with its dated reports and their footnotes."""
    systems = list(
        WeaponSystem.objects.published()
        .annotate(first_report=Min("reports__date"))
        .prefetch_related(Prefetch("reports", queryset=reports_with_details()))
        .order_by(F("first_report").asc(nulls_last=True), "name")
    )
    footnotes = Footnotes()
    for system in systems:
        footnotes.annotate(system.reports.all())
    return systems, footnotes
