"""What the pages show of a reaction."""

from dataclasses import dataclass

from apps.core.dates import FuzzyDate
from apps.core.rows import Link
from apps.sources.footnotes import Marker


@dataclass(slots=True)
class ReactionRow:
    slug: str
    url: str
    date: FuzzyDate
    kind_label: str
    summary: str
    quotations: list[str]
    markers: list[Marker]
    actors: list[Link]
    places: list[Link]
    supporters: list[Link]  # who supported it without being a party


@dataclass(slots=True)
class ReactionGroupRow:
    """The reactions of one of the article's groups (the world, Ukraine, Korea…)."""

    value: str  # a ReactionGroup value
    reactions: list[ReactionRow]
