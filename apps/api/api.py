"""``/api/v1/``: every published entry as JSON, now or as of any moment, and the feed of
every publication since a cursor (django-ninja: typed schemas, OpenAPI 3 at
``/api/v1/openapi.json``, its documentation at ``/api/v1/docs`` from the project's own
static files).

Every answer is read from the published history (``history.Publication``), the data
now being the data as of now: one path for both. Answers carry an ETag on the content
version (304 until something is published) and are kept in the page cache like pages;
``Access-Control-Allow-Origin: *`` comes from django-cors-headers.
"""

import base64
import binascii
import datetime
import json
from typing import Literal
from urllib.parse import urlencode

from csp.decorators import csp_update
from django.db.models import Max, Q
from django.http import QueryDict
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from apps.claims.models import ClaimStatus
from apps.core.folding import query_terms
from apps.core.http import served_cached
from apps.core.links import site_origin
from apps.events.filters import ESTIMATE, TimelineFilter
from apps.events.models import EventKind
from apps.history.items import API_ROOT, api_path, item_of
from apps.history.models import Publication
from apps.history.search import containing, indexed
from apps.history.types import API_TYPES, BY_LABEL, ApiType
from apps.synonyms.expansion import expanded

from .schemas import ChangesPage, Invalid, Problem, entry_schema, page_schema


class ExactNinjaEncoder(NinjaJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class Renderer(JSONRenderer):
    """Japanese as it is written (not as \\u escapes), and times to the microsecond: a
    ``published_at`` given back as ``?as_of=`` must name the same moment."""

    encoder_class = ExactNinjaEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Renderer(),
    title="North Korean troops in Russia — data",
    version="1",
    description=(
        "Every published entry of the sourced timeline of North Korea's deployment of troops "
        "to Russia: events, troop estimates, reactions, weapons, sources, actors, places and "
        "the article's passages, with their fuzzy dates, claims and ordered citations. "
        "`?as_of=` answers with the data as it was published at that moment; "
        "`/changes/?since=` lists every publication after a cursor, to keep a copy current."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI draws its icons as data: SVG in its stylesheet; images only, this page
    # only: scripts and styles stay 'self'.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ListQuery(Schema):
    cursor: str | None = Field(None, description="Where the page starts (a page's `next`)")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items a page")
    as_of: datetime.datetime | None = Field(
        None,
        description="The data as published at this moment (ISO 8601; without an offset, "
        "Japan's time): entries created later absent, entries deleted since present",
    )
    q: str | None = Field(None, max_length=100, description="Words the entry contains")


class TimelineQuery(ListQuery):
    date_after: datetime.date | None = Field(None, description="Dated on or after (overlap)")
    date_before: datetime.date | None = Field(None, description="Dated on or before (overlap)")
    kind: Literal[(*EventKind.values, ESTIMATE)] | None = Field(  # type: ignore[valid-type]
        None, description="An event kind, or `estimate` for troop estimates alone"
    )
    actor: str | None = Field(None, description="An actor's key: its events, or its estimates")
    place: str | None = Field(None, description="A place's key")
    source: str | None = Field(None, description="A source's key: the entries citing it")
    status: Literal[tuple(ClaimStatus.values)] | None = Field(  # type: ignore[valid-type]
        None, description="A claim status"
    )


def _moment(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _cursor_text(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _cursor_values(text: str, length: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != length:
        raise HttpError(400, "cursor: not a cursor of this list; start again without one")
    return values


def _order(api_type: ApiType) -> tuple[str, ...]:
    """The timeline's order (the longer period first on a day), as the export's."""
    return ("date", "-date_last", "object_id") if api_type.dated else ("object_id",)


def _after(api_type: ApiType, cursor: str) -> Q:
    """The rows after ``cursor`` in the list's order (a keyset, read from an index)."""
    if not api_type.dated:
        (last_id,) = _cursor_values(cursor, 1)
        return Q(object_id__gt=_integer(last_id))
    date, last, last_id = _cursor_values(cursor, 3)
    try:
        date, last = datetime.date.fromisoformat(date), datetime.date.fromisoformat(last)
    except (TypeError, ValueError):
        raise HttpError(400, "cursor: not a cursor of this list; start again without one") from None
    last_id = _integer(last_id)
    return (
        Q(date__gt=date)
        | Q(date=date, date_last__lt=last)
        | Q(date=date, date_last=last, object_id__gt=last_id)
    )


def _integer(value) -> int:
    if not isinstance(value, int):
        raise HttpError(400, "cursor: not a cursor of this list; start again without one")
    return value


def _timeline_filtered(rows, api_type: ApiType, query: TimelineQuery, *, current: bool):
    params = {
        name: str(value)
        for name in ("date_after", "date_before", "kind", "actor", "place", "source", "status")
        if (value := getattr(query, name)) not in (None, "")
    }
    if query.q:
        params["q"] = query.q
    if not params:
        return rows
    data = QueryDict(mutable=True)
    data.update(params)
    filterset = TimelineFilter(data)
    if not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()
        )
        raise HttpError(400, problems)
    return filterset.history(rows, api_type.model, current=current)


def _text_matching(rows, text: str, *, current: bool):
    """The search's matching (folded, with synonyms, every word) of ``q``."""
    terms = expanded(query_terms(text))
    return indexed(rows, terms) if current else containing(rows, terms)


def _listing(request, api_type: ApiType, query: ListQuery, timeline: bool):
    moment = _moment(query.as_of)
    # Read before the page: whatever commits after the page was read is after this cursor,
    # so a copy that replays the changes since it misses nothing.
    changes_since = Publication.objects.aggregate(last=Max("seq"))["last"] or 0
    rows = Publication.objects.of(api_type.model).at(moment)
    if timeline:
        rows = _timeline_filtered(rows, api_type, query, current=moment is None)
    elif query.q:
        rows = _text_matching(rows, query.q, current=moment is None)
    if query.cursor:
        rows = rows.filter(_after(api_type, query.cursor))
    page = list(rows.order_by(*_order(api_type))[: query.limit + 1])
    more = len(page) > query.limit
    page = page[: query.limit]
    origin = site_origin(request)
    following = None
    if more:
        last = page[-1]
        key = (
            [last.date.isoformat(), last.date_last.isoformat(), last.object_id]
            if api_type.dated
            else [last.object_id]
        )
        params = {k: v for k, v in request.GET.items() if k != "cursor"}
        params["cursor"] = _cursor_text(key)
        following = f"{origin}{request.path}?{urlencode(params)}"
    return {
        "items": [item_of(api_type, row, origin) for row in page],
        "next": following,
        "as_of": moment,
        "changes_since": changes_since,
    }


def _detail(request, api_type: ApiType, object_id: int, as_of):
    row = (
        Publication.objects.of(api_type.model)
        .at(_moment(as_of))
        .filter(object_id=object_id)
        .order_by()[:1]
    )
    row = row[0] if row else None
    if row is None:
        raise HttpError(404, f"id: no published {api_type.name} {object_id} at that moment")
    return item_of(api_type, row, site_origin(request))


def cached(view):
    """ETag, 304 and the page cache, as for public pages (``core.http``)."""

    def wrapped(request, *args, **kwargs):
        return served_cached(request, lambda: view(request, *args, **kwargs))

    return wrapped


def _register(api_type: ApiType):
    timeline = api_type.dated and api_type.label in ("events.event", "events.troopestimate")
    query_schema = TimelineQuery if timeline else ListQuery
    plural = api_type.path.replace("-", " ")

    @api.get(
        f"/{api_type.path}/",
        response={200: page_schema(api_type), 400: Problem, 422: Invalid},
        summary=f"List {plural}",
        tags=[api_type.path],
        operation_id=f"list_{api_type.name}",
    )
    @decorate_view(cached)
    def listing(request, query: Query[query_schema]):  # type: ignore[valid-type]
        return _listing(request, api_type, query, timeline)

    class DetailQuery(Schema):
        as_of: datetime.datetime | None = ListQuery.model_fields["as_of"]

    @api.get(
        f"/{api_type.path}/{{object_id}}/",
        response={200: entry_schema(api_type), 404: Problem, 422: Invalid},
        summary=f"One of the {plural}",
        tags=[api_type.path],
        operation_id=f"get_{api_type.name}",
    )
    @decorate_view(cached)
    def detail(request, object_id: int, query: Query[DetailQuery]):  # type: ignore[valid-type]
        return _detail(request, api_type, object_id, query.as_of)


for _api_type in API_TYPES:
    _register(_api_type)


class ChangesQuery(Schema):
    since: int = Field(
        0, ge=0, description="The cursor of the last change you have (0: from the start)"
    )
    limit: int = Field(100, ge=1, le=1000, description="Changes a page")


@api.get(
    "/changes/",
    response={200: ChangesPage, 422: Invalid},
    summary="Every publication after a cursor",
    description=(
        "Every publication in the order it happened: an entry created, updated or "
        "deleted, with its version, time and edit summary. To keep a copy: list the "
        "entries, noting the first page's `changes_since`; then ask for the changes since "
        "it, fetch what was created or updated, drop what was deleted, and ask again "
        "from `next_cursor`."
    ),
    tags=["changes"],
)
@decorate_view(cached)
def changes(request, query: Query[ChangesQuery]):
    rows = list(
        Publication.objects.filter(seq__gt=query.since)
        .select_related("content_type")
        .order_by("seq")[: query.limit + 1]
    )
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    items = []
    for row in rows:
        api_type = BY_LABEL[f"{row.content_type.app_label}.{row.content_type.model}"]
        items.append(
            {
                "cursor": row.seq,
                "action": row.action,
                "type": api_type.name,
                "id": row.object_id,
                "version": row.version,
                "published_at": row.published_at,
                "summary": row.summary,
                "api_url": api_path(api_type, row.object_id),
            }
        )
    return {
        "items": items,
        "next_cursor": rows[-1].seq if rows else query.since,
        "more": more,
    }


__all__ = ["API_ROOT", "api"]
