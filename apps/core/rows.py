"""Rows the public pages share."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(slots=True, frozen=True)
class Link:
    """A named link to another page: an actor, a place, a claimant."""

    name: str
    url: str
    kind: str = ""  # what it names, where a reader of the data needs it (an actor's kind)
    pk: int | None = None  # the linked entry, for pages that read what else links to it


@dataclass(slots=True, frozen=True)
class AsOf:
    """A page shown as the public saw it at a moment (``?as_of=``)."""

    moment: datetime.datetime
    label: str  # the moment, as the page's language writes it
    current_url: str  # the same page as it is now

    @property
    def query(self) -> str:
        """``as_of=…``, for the page's links that stay in the same moment."""
        return as_of_query(self.moment)


def as_of_query(moment: datetime.datetime) -> str:
    return urlencode({"as_of": moment.isoformat()})


@dataclass(slots=True, frozen=True)
class RelativeDate:
    """A date the sources give only relative to another entry: この前後から, and that entry."""

    words: str
    entry: Link


def relative_date(entry) -> RelativeDate | None:
    """The relative date of a ``FuzzyDated`` entry read with ``date_relative_to``."""
    anchor = entry.date_relative_to if entry.date_relative else None
    if anchor is None:
        return None
    return RelativeDate(entry.date_relative, Link(anchor.title, anchor.get_absolute_url()))
