"""The API's OpenAPI schemas: what every item, page and change says (pydantic, through
django-ninja). The schema of each kind of entry is made from its model's fields, the way
its items are (``shape``), so that the two never disagree."""

import datetime
from functools import cache
from typing import Literal

from django.db import models
from ninja import Field, Schema
from pydantic import create_model

from apps.claims.models import ClaimRank, ClaimStatus
from apps.core.dates import DatePrecision
from apps.history.shape import shape_of
from apps.history.types import API_TYPES, ApiType

TypeName = Literal[tuple(api_type.name for api_type in API_TYPES)]  # type: ignore[valid-type]


class Ref(Schema):
    """Another entry: its kind, its id, and where the API serves it."""

    type: TypeName
    id: int
    api_url: str


class DateDisplay(Schema):
    ja: str = Field(description="As the Japanese pages write it: 2024年10月上旬頃")
    en: str = Field(description="As the English pages write it: c. early October 2024")


class RelativeDate(Schema):
    words: str = Field(description="The article's words: この前後から")
    to: Ref | None = Field(description="The event the date is relative to")


class FuzzyDateOut(Schema):
    """A date as precise as the sources allow."""

    value: datetime.date | None = Field(
        description="Its first day; null for an undated entry (see reported_on)"
    )
    reported_on: datetime.date | None = Field(
        description="For an undated entry, the day it was first reported: it is listed then, "
        "and is not said to have happened then"
    )
    precision: Literal[tuple(DatePrecision.values)]  # type: ignore[valid-type]
    approximate: bool
    end: datetime.date | None = Field(description="The start of its last period, for a range")
    last: datetime.date | None = Field(description="The last day it may be; null if undated")
    edtf: str | None = Field(
        description="Extended Date/Time Format (ISO 8601-2): 2024-10-18, 2024-10~, "
        "2024-10-01/2024-10-10; null for an undated entry"
    )
    display: DateDisplay
    relative: RelativeDate | None = None


class ClaimOut(Schema):
    """Who says so, and how sure it is."""

    status: Literal[("", *ClaimStatus.values)]  # type: ignore[valid-type]
    rank: Literal[tuple(ClaimRank.values)]  # type: ignore[valid-type]
    basis: str = Field(description="Why this status or rank, in the sources' words")
    inferred: bool = Field(description="The status is an editor's inference, not the sources'")
    claimant: Ref | None


class CitationOut(Schema):
    position: int
    source: Ref
    according_to: Ref | None = Field(description="On whose word the outlet reports")
    according_to_note: str
    anchors: list[str] = Field(description="The words the footnote's markers follow")
    editor_note: str = Field(description="Why an editor added it; empty when the article did")


# Most specific first: a DateTimeField is a DateField.
_PYTHON_TYPES = {
    models.DateTimeField: datetime.datetime,
    models.DateField: datetime.date,
    models.BooleanField: bool,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
}


def _field_type(field: models.Field):
    if field.choices:
        values = tuple(str(value) for value, _label in field.flatchoices)
        kind = Literal[("", *values) if field.blank else values]  # type: ignore[valid-type]
    else:
        kind = next(
            (python for django, python in _PYTHON_TYPES.items() if isinstance(field, django)), str
        )
    return kind | None if field.null else kind


@cache
def entry_schema(api_type: ApiType):
    """The schema of an item of ``api_type``, made from its model's fields."""
    shape = shape_of(api_type.entry_type)
    fields = {
        "type": (Literal[api_type.name], ...),  # type: ignore[valid-type]
        "id": (int, ...),
        "slug": (str, ...),
        "version": (int, Field(description="Its published version, counted from 1")),
        "published_at": (datetime.datetime, Field(description="When this version was published")),
        "page_url": (str, Field(description="Its public page, by a permanent address")),
        "api_url": (str, ...),
    }
    for field in shape.plain:
        fields[field.name] = (_field_type(field), ...)
    for field in shape.refs:
        fields[field.name] = (Ref | None, ...)
    for field in shape.lists:
        fields[field.name] = (list[Ref], ...)
    if shape.dated:
        fields["date"] = (FuzzyDateOut, ...)
    if shape.claim:
        fields["claim"] = (ClaimOut, ...)
    if shape.cited:
        fields["citations"] = (list[CitationOut], ...)
    if shape.points_at_entry:
        fields["entry"] = (Ref | None, Field(description="The entry it corrects"))
    name = "".join(part.capitalize() for part in api_type.name.split("_"))
    return create_model(name, __base__=Schema, **fields)


def page_schema(api_type: ApiType):
    item = entry_schema(api_type)
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),
        next=(
            str | None,
            Field(description="The next page's address (with its cursor); null on the last"),
        ),
        as_of=(
            datetime.datetime | None,
            Field(description="The moment the page shows the data as of; null: now"),
        ),
        changes_since=(
            int,
            Field(
                description="The change feed's cursor when the page was read: replay "
                "/changes/?since= from the first page's to keep a copy current"
            ),
        ),
    )


class ChangeOut(Schema):
    """One publication: an entry created, updated or deleted."""

    cursor: int = Field(description="Its place in the feed: ask for ?since= this")
    action: Literal["created", "updated", "deleted"]
    type: TypeName
    id: int
    version: int
    published_at: datetime.datetime
    summary: str
    api_url: str


class ChangesPage(Schema):
    items: list[ChangeOut]
    next_cursor: int = Field(description="Ask for ?since= this next (the last item's cursor)")
    more: bool = Field(description="More changes wait after this page")


class Problem(Schema):
    detail: str = Field(description="What is wrong, naming the parameter")


class InvalidParameter(Schema):
    type: str = Field(description="The kind of error, e.g. `greater_than_equal`")
    loc: list[str | int] = Field(description='Where: `["query", "limit"]`')
    msg: str
    ctx: dict | None = None


class Invalid(Schema):
    """A parameter of the wrong type or out of range (each one named)."""

    detail: list[InvalidParameter]
