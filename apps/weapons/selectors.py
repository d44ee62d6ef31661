from django.core.paginator import Paginator
from django.db.models import F, Min, Prefetch

from apps.claims.provenance import annotate_origins
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import citations_prefetch, links_prefetch

from .models import WeaponReport, WeaponReportCitation, WeaponSystem

SYSTEMS_PER_PAGE = 12


def reports_with_details():
    return (
        WeaponReport.objects.published()
        .select_related("system", "observer")
        .prefetch_related(citations_prefetch(WeaponReportCitation), links_prefetch("places"))
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
    footnotes = Footnotes()
    for system in page.object_list:
        footnotes.annotate(system.report_list)
        annotate_origins(system.report_list)
    return page, page.object_list, footnotes
