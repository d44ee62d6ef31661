"""Footnotes numbered like Wikipedia's: in order of first use on the page.

A source cited several times gets one number and one entry in the reference
list, with a backlink (a, b, c…) to each place that cites it.
"""

from dataclasses import dataclass, field
from string import ascii_lowercase


def backlink_label(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, like Wikipedia's reference backlinks."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = ascii_lowercase[remainder] + label
    return label


@dataclass(frozen=True)
class Marker:
    number: int
    use_id: str

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"


@dataclass
class Reference:
    number: int
    source: object
    uses: list[str] = field(default_factory=list)

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"

    @property
    def backlinks(self) -> list[tuple[str, str]]:
        return [(use, backlink_label(i)) for i, use in enumerate(self.uses)]


class Footnotes:
    """Collects the citations of a page in display order."""

    def __init__(self):
        self._by_source: dict[int, Reference] = {}
        self.references: list[Reference] = []

    def cite(self, citations) -> list[Marker]:
        """Markers for one entry's citations (already in their order, sources loaded)."""
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

    def annotate(self, entries) -> None:
        """Give each entry ``.markers``, in the order given."""
        for entry in entries:
            entry.markers = self.cite(entry.citations.all())
