"""What the public pages show of sources beyond the footnotes (``footnotes.py``)."""

from dataclasses import dataclass

from .footnotes import SourceRow


@dataclass(slots=True)
class CitedSource:
    """One footnote of an entry: the source, and whose word the outlet reports.

    ``via_root`` is (pk, name) of the country or organisation the reported actor belongs
    to (``top_from_columns``: its ``root``, or the actor itself when it belongs to no
    one), None when the outlet speaks for itself: what single origin is judged on.
    """

    source: SourceRow
    via_root: tuple[int, str] | None
    source_id: int
    anchors: str = ""  # the words its markers follow, one line each; empty: at the end
    editor_note: str = ""  # why an editor added it; empty when the article places it

    @property
    def placed_by_article(self) -> bool:
        return not self.editor_note


@dataclass(slots=True, frozen=True)
class BibliographyRow:
    source: SourceRow
    cited_count: int  # how many published entries cite it


@dataclass(slots=True, frozen=True)
class CitingEntry:
    kind: str  # the kind of entry, as readers name it
    name: str
    url: str
