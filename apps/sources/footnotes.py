"""Footnotes numbered like Wikipedia's: in order of first use on the page.

A source cited several times gets one number and one entry in the reference
list, with a backlink (a, b, c…) to each place that cites it. The markup is the
``sources/footnotes.html`` macros; these are the rows they show.
"""

import datetime
from dataclasses import dataclass, field
from string import ascii_lowercase

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats

from apps.core.links import url_with_slug


def backlink_label(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, like Wikipedia's reference backlinks."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = ascii_lowercase[remainder] + label
    return label


@dataclass(slots=True, frozen=True)
class Marker:
    """One footnote marker ``[n]`` in the text, and the id its backlink returns to."""

    number: int
    use_id: str

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"


@dataclass(slots=True, frozen=True)
class SourceRow:
    """A source as citations, reference lists and JSON-LD show it."""

    pk: int
    slug: str
    title: str
    work: str
    publisher: str
    author: str
    published_on: datetime.date
    accessed_on: datetime.date
    url: str
    archive_url: str
    link_state: str  # what the link checks found: live, dead or unknown
    language: str
    page_url: str  # its page on this site

    @property
    def published(self) -> str:
        return formats.date_format(self.published_on, "DATE_FORMAT")

    @property
    def accessed(self) -> str:
        return formats.date_format(self.accessed_on, "DATE_FORMAT")

    @property
    def link_is_dead(self) -> bool:
        return self.link_state == "dead"


def source_row(source) -> SourceRow:
    """The row of a ``Source`` (read with its ``link_status``)."""
    return SourceRow(
        source.pk,
        source.slug,
        source.title,
        source.work,
        source.publisher,
        source.author,
        source.published_on,
        source.accessed_on,
        source.url,
        source.archive_url,
        _link_state(source),
        source.language,
        url_with_slug("sources:detail", source.slug),
    )


def _link_state(source) -> str:
    try:
        return source.link_status.state
    except ObjectDoesNotExist:
        return "unknown"


@dataclass(slots=True, frozen=True)
class Backlink:
    use_id: str
    label: str  # a, b, c…


@dataclass(slots=True)
class Reference:
    """One entry of a page's reference list: a source and every place that cites it."""

    number: int
    source: SourceRow
    uses: list[str] = field(default_factory=list)

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"

    @property
    def backlinks(self) -> list[Backlink]:
        return [Backlink(use, backlink_label(i)) for i, use in enumerate(self.uses)]


class Footnotes:
    """Collects the citations of a page in display order."""

    def __init__(self):
        self._by_source: dict[int, Reference] = {}
        self.references: list[Reference] = []

    def cite(self, citations) -> list[Marker]:
        """Markers for one entry's citations (``CitedSource``, in their order)."""
        markers = []
        for citation in citations:
            reference = self._by_source.get(citation.source_id)
            if reference is None:
                reference = Reference(len(self.references) + 1, citation.source)
                self._by_source[citation.source_id] = reference
                self.references.append(reference)
            use_id = f"cite-ref-{reference.number}-{backlink_label(len(reference.uses))}"
            reference.uses.append(use_id)
            markers.append(Marker(reference.number, use_id))
        return markers
