"""The reports of the weapons page as HTML.

A page shows a dozen systems with ten or more reports each; as template code
they cost most of the page's time. Written with ``apps.core.html`` instead,
like the timeline's entries. The markup is the page's contract with its
stylesheet and its tests: change both together.
"""

from django.utils.translation import gettext

from apps.claims.fragments import claim_badges
from apps.core.fragments import entry_links, time_element
from apps.core.html import choice_labels, esc, safe

from .models import Evidence, ReportKind


def weapon_reports(reports) -> str:
    """The ``<li>`` of each report of a weapon system."""
    kinds, evidence = choice_labels(ReportKind), choice_labels(Evidence)
    evidence_label, reported_by = esc(gettext("evidence")), esc(gettext("reported by"))
    undated = gettext("undated")  # outside the f-string, where xgettext finds it
    undated = f'<span class="undated">{esc(undated)}</span>'
    items = []
    for report in reports:
        fuzzy = report.fuzzy_date
        date = time_element(fuzzy) if fuzzy else undated
        location = f" — {esc(report.evidence_location)}" if report.evidence_location else ""
        observer = ""
        if report.observer:
            observer = (
                f' <span class="observer">{reported_by} '
                f'<a href="{esc(report.observer.get_absolute_url())}">'
                f"{esc(report.observer.name)}</a></span>"
            )
        note = f'<p class="claim-note">{esc(report.claim_note)}</p>' if report.claim_note else ""
        items.append(
            f'<li class="entry" id="{esc(report.slug)}"><article lang="ja">'
            f'<p class="entry-meta">{date} '
            f'<span class="badge">{esc(kinds.get(report.kind, report.kind))}</span> '
            f'<span class="badge evidence">{evidence_label}: '
            f"{esc(evidence.get(report.evidence, report.evidence))}{location}</span> "
            f"{claim_badges(report)}{observer}</p>"
            f'<p class="entry-text">{esc(report.text)}{esc(report.markers)}</p>'
            f"{note}{entry_links((), report.places_list)}</article></li>"
        )
    return safe(*items)
