"""What the article page shows."""

from dataclasses import dataclass

from apps.sources.footnotes import Marker


@dataclass(slots=True)
class PassageRow:
    slug: str
    text: str
    markers: list[Marker]


@dataclass(slots=True)
class SectionRow:
    value: str  # a Section value
    passages: list[PassageRow]


@dataclass(slots=True)
class ArticleRow:
    title: str
    reading: str
    part_of: str
    places: list[str]  # "ロシア クルスク州": a place after the one it is part of
    result: str
    sections: list[SectionRow]
