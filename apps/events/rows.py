"""What the timeline and the event pages show of events and troop estimates."""

from dataclasses import dataclass

from django.core.paginator import Page

from apps.claims.rows import ClaimRow
from apps.core.dates import FuzzyDate
from apps.core.rows import Link, RelativeDate
from apps.corrections.rows import CorrectionRow
from apps.places.maps import PlaceMap
from apps.reactions.rows import ReactionRow
from apps.sources.footnotes import Marker, Reference
from apps.sources.rows import CitedSource
from apps.weapons.rows import ReportRow

from .chart import Chart


@dataclass(slots=True)
class EstimateRow:
    """A troop estimate: who said how many, counting what."""

    slug: str
    url: str
    date: FuzzyDate
    relative_date: RelativeDate | None  # この時点で: the event it is relative to
    figure: str  # as readers read it: "about 12,000 troops", "約 12,000人"
    scope_label: str
    claimant: Link
    statement: str
    claim: ClaimRow
    markers: list[Marker]
    places: list[Link]
    citations: list[CitedSource]

    @property
    def anchor(self) -> str:
        return f"estimate-{self.slug}"


@dataclass(slots=True)
class EventRow:
    slug: str
    url: str
    date: FuzzyDate
    relative_date: RelativeDate | None  # この前後から: the event it is relative to
    kind: str  # an EventKind value
    kind_label: str
    title: str
    text: str
    claimant: Link | None  # on whose word it rests, if one party's
    claim: ClaimRow
    markers: list[Marker]
    estimates: list[EstimateRow]  # the troop estimates its text states
    actors: list[Link]
    places: list[Link]
    citations: list[CitedSource]

    @property
    def anchor(self) -> str:
        return f"event-{self.slug}"

    @property
    def editor_notes(self) -> list[tuple[Marker, str]]:
        """The footnotes an editor added (the article does not place them), with why."""
        return [
            (marker, cited.editor_note)
            for marker, cited in zip(self.markers, self.citations, strict=False)
            if cited.editor_note
        ]


@dataclass(slots=True)
class TimelineItem:
    """One entry of the timeline: an event, or a troop estimate standing on its own."""

    kind: str  # "event" or "estimate"
    row: EventRow | EstimateRow

    @property
    def anchor(self) -> str:
        return self.row.anchor


@dataclass(slots=True)
class MonthGroup:
    year: int
    year_label: str
    label: str
    items: list[TimelineItem]


@dataclass(slots=True, frozen=True)
class TimelinePage:
    """A page of the (filtered) timeline, its references and the chart of its estimates."""

    page: Page  # the paginator's page of keys: its number, count and neighbours
    groups: list[MonthGroup]
    references: list[Reference]
    chart: Chart | None  # None when no estimate matches the filters
    chart_truncated: bool  # the chart shows only the latest estimates matching them
    place_map: PlaceMap | None = None  # where they happened (None: nowhere known)
    # The text filter kept only the latest this many matches of a kind (0: it kept all).
    text_limited: int = 0
    # A page of a moment with more entries than this has no map (0: it has, or needs none).
    map_withheld: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.groups


@dataclass(slots=True, frozen=True)
class EventPage:
    """An event's own page: the event, and entries sharing its actors or places."""

    event: EventRow
    reactions: list[ReactionRow]  # by the same actors
    reports: list[ReportRow]  # from the same places
    references: list[Reference]
    corrections: list[CorrectionRow]  # of the event and of the estimates it states
