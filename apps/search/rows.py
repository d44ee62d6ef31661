"""What the search page shows, as its templates read it."""

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Segment:
    """A piece of a title or a snippet: ``marked`` when it is what was searched for."""

    text: str
    marked: bool = False


@dataclass(slots=True, frozen=True)
class Hit:
    type_label: str
    url: str
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    date: str  # as the entry's page writes it; empty for an undated kind


@dataclass(slots=True, frozen=True)
class Facet:
    value: str
    label: str
    count: int
    url: str  # the search narrowed to it, or widened again when it is chosen
    chosen: bool


@dataclass(slots=True, frozen=True)
class Results:
    query: str
    hits: list[Hit]
    total: int
    more: bool  # more matched than were counted (``selectors.CANDIDATES``)
    types: list[Facet]
    years: list[Facet]
    page: int
    pages: int
    previous_url: str
    next_url: str
