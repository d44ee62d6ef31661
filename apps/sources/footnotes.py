"""Footnotes numbered like Wikipedia's: in order of first use on the page.

A source cited several times gets one number and one entry in the reference
list, with a backlink (a, b, c…) to each place that cites it. The markup is the
``sources/footnotes.html`` macros; these are the rows they show.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from string import ascii_lowercase

from django.utils import formats
from django.utils.translation import gettext

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

    @property
    def page_url(self) -> str:
        """Its page on this site."""
        return url_with_slug("sources:detail", self.slug)

    @property
    def published(self) -> str:
        return formats.date_format(self.published_on, "DATE_FORMAT")

    @property
    def accessed(self) -> str:
        return formats.date_format(self.accessed_on, "DATE_FORMAT")

    @property
    def link_is_dead(self) -> bool:
        return self.link_state == "dead"


# The columns of a SourceRow, in order, as ``values_list`` reads them.
SOURCE_ROW_COLUMNS = tuple(SourceRow.__dataclass_fields__)


def source_row(source) -> SourceRow:
    """The row of a ``Source`` read ``with_link_state()``."""
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
        source.link_state,
        source.language,
    )


@dataclass(slots=True)
class TextSegment:
    """A piece of an entry's text and the footnote markers right after it."""

    text: str
    markers: list[Marker]


# A marker at the end of a text stands before its last 。 or 、, as in the article.
_FINAL_PUNCTUATION = ("。", "、")


def _anchor_positions(text: str, anchors: str):
    """(words, the offset right after them or None if not found) for each line of
    ``anchors``, each searched after the last one found."""
    searched = 0
    for phrase in (line.strip() for line in anchors.splitlines()):
        if not phrase:
            continue
        found = text.find(phrase, searched)
        if found < 0:
            yield phrase, None  # check_content reports it; the later words are still sought
        else:
            searched = found + len(phrase)
            yield phrase, searched


def anchored_uses(text: str, citations) -> list[tuple[int, object]]:
    """Where each marker of ``citations`` stands in ``text``: (offset, citation), in
    reading order.

    A citation's ``anchors`` name the words each of its markers follows, one line per
    marker; with none, or words not found in the text, the marker stands at the end,
    before a final 。 or 、.
    """
    end = len(text) - 1 if text.endswith(_FINAL_PUNCTUATION) else len(text)
    uses = []
    for order, citation in enumerate(citations):
        positions = [position for _, position in _anchor_positions(text, citation.anchors)]
        for index, position in enumerate(positions or [None]):
            uses.append((end if position is None else position, order, index, citation))
    uses.sort(key=itemgetter(0, 1, 2))
    return [(position, citation) for position, _, _, citation in uses]


def missing_anchors(text: str, anchors: str) -> list[str]:
    """The lines of ``anchors`` not found in ``text`` (in order, each after the last)."""
    return [phrase for phrase, position in _anchor_positions(text, anchors) if position is None]


@dataclass(slots=True, frozen=True)
class Backlink:
    use_id: str
    letter: str  # a, b, c…; empty when the source is cited once ("^")
    label: str  # what assistive technology reads: "Back to citation 3, use b"


@dataclass(slots=True, frozen=True)
class Reference:
    """One entry of a page's reference list: a source and every place that cites it."""

    number: int
    source: SourceRow
    backlinks: tuple[Backlink, ...]  # ^ back to a single use, or ^ a b c back to each

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"


class Footnotes:
    """Collects the citations of a page in display order; ``references()`` lists them."""

    def __init__(self):
        # Source pk → its number, the source, and the ids of the places citing it.
        self._cited: dict[int, tuple[int, SourceRow, list[str]]] = {}

    def cite(self, citations) -> list[Marker]:
        """Markers for one entry's citations (``CitedSource``, in their order)."""
        return [self._use(citation) for citation in citations]

    def cite_in_text(self, text: str, citations) -> list["TextSegment"]:
        """The text cut where its citations' markers stand (``anchored_uses``), each piece
        with the markers that follow it, numbered in the order they are read."""
        segments, cut = [], 0
        for position, uses in groupby(anchored_uses(text, citations), key=itemgetter(0)):
            segments.append(TextSegment(text[cut:position], [self._use(c) for _, c in uses]))
            cut = position
        if cut < len(text) or not segments:
            segments.append(TextSegment(text[cut:], []))
        return segments

    def _use(self, citation) -> Marker:
        cited = self._cited.get(citation.source_id)
        if cited is None:
            cited = (len(self._cited) + 1, citation.source, [])
            self._cited[citation.source_id] = cited
        number, _source, uses = cited
        use_id = f"cite-ref-{number}-{backlink_label(len(uses))}"
        uses.append(use_id)
        return Marker(number, use_id)

    def references(self) -> list[Reference]:
        """The reference list, numbered by first use; the labels translated once a page."""
        single = gettext("Back to citation %(number)s")
        several = gettext("Back to citation %(number)s, use %(label)s")
        references = []
        for number, source, uses in self._cited.values():
            if len(uses) == 1:
                backlinks = (Backlink(uses[0], "", single % {"number": number}),)
            else:
                letters = [backlink_label(i) for i in range(len(uses))]
                backlinks = tuple(
                    Backlink(use, letter, several % {"number": number, "label": letter})
                    for use, letter in zip(uses, letters, strict=True)
                )
            references.append(Reference(number, source, backlinks))
        return references
