"""Rows the public pages share."""

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Link:
    """A named link to another page: an actor, a place, a claimant."""

    name: str
    url: str
    kind: str = ""  # what it names, where a reader of the data needs it (an actor's kind)
    pk: int | None = None  # the linked entry, for pages that read what else links to it
