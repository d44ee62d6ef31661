"""What the article page shows."""

from dataclasses import dataclass

from apps.sources.footnotes import TextSegment


@dataclass(slots=True)
class PieceRow:
    """A passage of the article: its words cut where the footnote markers stand, and for a
    dated entry, the link to it."""

    slug: str
    segments: list[TextSegment]
    entry_url: str | None  # the entry the passage stands for, if any


@dataclass(slots=True)
class SectionRow:
    value: str  # a Section value
    chapter: str | None  # the Chapter value it is under (分析, 反応), if any
    opens_chapter: bool  # the first section of its chapter: the chapter's heading goes first
    paragraphs: list[list[PieceRow]]


@dataclass(slots=True)
class ArticleRow:
    title: str
    reading: str
    part_of: str
    places: str  # as the infobox prints them: ロシア クルスク州・ブリャンスク州
    result: str
    sections: list[SectionRow]
