from django.core.paginator import Paginator
from django.db.models import F, Min, Prefetch

from apps.claims.provenance import annotate_origins
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import attach_citations, attach_links

from .models import WeaponReport, WeaponReportCitation, WeaponSystem

SYSTEMS_PER_PAGE = 12


def reports_with_details():
    return (
        WeaponReport.objects.published()
        .select_related("system", "observer")
        .order_by(F("date").asc(nulls_last=True), "pk")
    )


def systems_with_reports(page_number=None):
    """A page of weapon systems by first report, each with its reports and their footnotes."""
    systems = (
        WeaponSystem.objects.published()
        .annotate(first_report=Min("reports__date"))
        .prefetch_related(
            Prefetch("reports", queryset=reports_with_details(), to_attr="report_list")
        )
        .order_by(F("first_report").asc(nulls_last=True), "name", "pk")
    )
    page = Paginator(systems, SYSTEMS_PER_PAGE).page(page_number or 1)
    systems = list(page.object_list)
    reports = [report for system in systems for report in system.report_list]
    attach_citations((WeaponReportCitation, reports))
    attach_links((reports, "places"))
    footnotes = Footnotes()
    for system in systems:
        footnotes.annotate(system.report_list)
        annotate_origins(system.report_list)
    return page, systems, footnotes
