from django.core.paginator import Paginator
from django.db.models import F, Min, Prefetch

from apps.claims.rows import claim_row
from apps.core.choices import choice_labels
from apps.core.rows import Link, relative_date
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import load_citations, load_links

from .models import Evidence, ReportKind, WeaponReport, WeaponReportCitation, WeaponSystem
from .rows import ReportRow, SystemRow

SYSTEMS_PER_PAGE = 12


def reports_with_details():
    return (
        WeaponReport.objects.published()
        .select_related("system", "observer", "date_relative_to")
        .order_by(F("date").asc(nulls_last=True), "pk")
    )


def report_rows(reports, citations, places, footnotes: Footnotes) -> list[ReportRow]:
    """Rows of ``reports``, their footnotes numbered on ``footnotes`` in this order."""
    rows, kinds, evidence = [], choice_labels(ReportKind), choice_labels(Evidence)
    for report in reports:
        observer = report.observer
        rows.append(
            ReportRow(
                report.slug,
                report.get_absolute_url(),
                report.system.name,
                report.fuzzy_date,
                relative_date(report),
                kinds.get(report.kind, report.kind),
                evidence.get(report.evidence, report.evidence),
                report.evidence_location,
                Link(observer.name, observer.get_absolute_url(), observer.kind)
                if observer
                else None,
                report.text,
                claim_row(report, citations[report.pk]),
                footnotes.cite(citations[report.pk]),
                places[report.pk],
                citations[report.pk],
            )
        )
    return rows


def systems_with_reports(page_number=None):
    """A page of weapon systems by first report, each with its reports and their footnotes."""
    systems = (
        WeaponSystem.objects.published()
        .annotate(first_report=Min("reports__date"))
        .prefetch_related(Prefetch("reports", queryset=reports_with_details()))
        .order_by(F("first_report").asc(nulls_last=True), "name", "pk")
    )
    page = Paginator(systems, SYSTEMS_PER_PAGE).page(page_number or 1)
    systems = list(page.object_list)
    ids = [report.pk for system in systems for report in system.reports.all()]
    (citations,) = load_citations((WeaponReportCitation, ids))
    (places,) = load_links((WeaponReport, "places", ids))
    footnotes = Footnotes()
    rows = [
        SystemRow(
            system.slug,
            system.name,
            system.other_names,
            system.designation,
            system.category,
            system.calibre_mm,
            report_rows(system.reports.all(), citations, places, footnotes),
        )
        for system in systems
    ]
    return page, rows, footnotes.references()
