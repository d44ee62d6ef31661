"""What the pages show of weapon systems and their reports."""

from dataclasses import dataclass

from apps.claims.rows import ClaimRow
from apps.core.dates import FuzzyDate
from apps.core.rows import Link, RelativeDate
from apps.sources.footnotes import Marker
from apps.sources.rows import CitedSource


@dataclass(slots=True)
class ReportRow:
    """A dated report of a weapon system, with its evidence."""

    slug: str
    url: str
    system_name: str
    date: FuzzyDate | None  # some reports are undated in the article
    relative_date: RelativeDate | None  # この前後から: the event it is relative to
    kind_label: str
    evidence_label: str
    evidence_location: str
    observer: Link | None  # who reported it
    text: str
    claim: ClaimRow
    markers: list[Marker]
    places: list[Link]
    citations: list[CitedSource]


@dataclass(slots=True)
class SystemRow:
    slug: str
    name: str
    other_names: str
    designation: str
    category: str  # a WeaponCategory value
    calibre_mm: int | None
    reports: list[ReportRow]

    @property
    def first_report_date(self) -> FuzzyDate | None:
        return self.reports[0].date if self.reports else None
