"""What the public pages show of a claim."""

from dataclasses import dataclass

from apps.core.choices import choice_label

from .models import ClaimRank, ClaimStatus
from .provenance import origins


@dataclass(slots=True, frozen=True)
class ClaimRow:
    """The status and rank of a claim, and the one origin all its citations lead to, if so."""

    status: str  # a ClaimStatus value; empty when the entry is not a claim
    status_label: str
    rank: str  # a ClaimRank value
    note: str  # the basis of the status or rank
    single_origin: str | None = None  # the origin's name, when every citation leads to it
    inferred: bool = False  # the status or rank is an editor's inference; the note says why

    @property
    def is_superseded(self) -> bool:
        return self.rank == ClaimRank.SUPERSEDED


def claim_row(entry, citations) -> ClaimRow:
    """The claim an entry makes, its ``citations`` (``CitedSource``) telling the origins.
    That they all lead to one origin is said of a claim only: of a plain fact (no status)
    it would be noise on every entry."""
    found = origins(citations) if entry.claim_status else []
    return ClaimRow(
        entry.claim_status,
        choice_label(ClaimStatus, entry.claim_status) if entry.claim_status else "",
        entry.claim_rank,
        entry.claim_note,
        found[0][2] if len(found) == 1 else None,
        entry.claim_inferred,
    )
