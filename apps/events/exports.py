"""The published timeline as JSON and CSV, streamed: memory stays flat at any size.

The JSON export is the API's list format (``history.items``), every item at once, read
from the published history (so ``?as_of=`` works there too); CSV and TimelineJS flatten
the live entries for spreadsheets and Knight Lab's viewer.
"""

import csv
import datetime
import heapq
import json
from dataclasses import dataclass

from django.db.models import Max
from django.http import StreamingHttpResponse
from django.template import engines
from django.utils.html import escape
from django.utils.translation import gettext as _

from apps.article.selectors import the_article
from apps.core.http import BadMoment, as_of_of, public_page, render_page
from apps.core.links import site_origin, url_with_slug
from apps.core.serializers import ExactJSONEncoder
from apps.history.items import item_of
from apps.history.models import Publication
from apps.history.types import api_type_of

from .filters import TIMELINE_PARAMETERS, TimelineFilter, filter_form
from .models import Event, TroopEstimate
from .selectors import CHUNK, export_rows

CSV_COLUMNS = [
    "type",
    "slug",
    "date",
    "date_end",
    "date_last",
    "reported_on",
    "relative_date",
    "relative_to",
    "precision",
    "approximate",
    "display_date",
    "kind",
    "title",
    "text",
    "actors",
    "places",
    "figure",
    "figure_high",
    "qualifier",
    "scope",
    "claimant",
    "event",
    "claim_status",
    "claim_rank",
    "claim_basis",
    "claim_inferred",
    "sources",
    "url",
]


# Rows are sent in chunks of this many: each chunk is one write to the client.
CHUNK_ROWS = 200


def _chunks(pieces):
    """Join streamed pieces into fewer, larger chunks (memory stays bounded)."""
    chunk = []
    for piece in pieces:
        chunk.append(piece)
        if len(chunk) == CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _row(kind, entry, related, site):
    fuzzy = entry.fuzzy_date
    # An undated entry has no date: it is listed by the day it was first reported.
    row = {
        "type": "event" if kind == "event" else "troop_estimate",
        "slug": entry.slug,
        "date": None if fuzzy.undated else entry.date.isoformat(),
        "date_end": entry.date_end.isoformat() if entry.date_end else None,
        "date_last": None if fuzzy.undated else entry.date_last.isoformat(),
        "reported_on": entry.date.isoformat() if fuzzy.undated else None,
        "relative_date": entry.date_relative or None,
        "relative_to": entry.date_relative_to.slug if entry.date_relative_to_id else None,
        "precision": entry.date_precision,
        "approximate": entry.date_approximate,
        "display_date": str(fuzzy),
        "iso_date": fuzzy.isoformat(),
        "places": related["places"],
        "claim_status": entry.claim_status,
        "claim_rank": entry.claim_rank,
        "claim_basis": entry.claim_note,
        "claim_inferred": entry.claim_inferred,
        "sources": [
            {
                "key": key,
                "title": title,
                "work": work,
                "author": author,
                "published_on": published_on.isoformat(),
                "accessed_on": accessed_on.isoformat(),
                "url": url or None,
            }
            for key, title, work, author, published_on, accessed_on, url in related["citations"]
        ],
        "url": site + entry.get_absolute_url(),
    }
    if kind == "event":
        row.update(
            kind=entry.kind,
            title=entry.title,
            text=entry.text,
            actors=related["actors"],
        )
    else:
        row.update(
            kind="troop_estimate",
            title=entry.statement,
            text=entry.statement,
            figure=entry.figure,
            figure_high=entry.figure_high,
            qualifier=entry.qualifier,
            scope=entry.scope,
            claimant=entry.claimant.name,
            actors=[entry.claimant.name],
            event=entry.event.slug if entry.event_id else None,
        )
    return row


def _filtered(request):
    filterset = TimelineFilter(request.GET or None)
    if filterset.is_bound and not filterset.is_valid():
        context = {"filters": filter_form(filterset), "problem": _("Some filters are not valid.")}
        return filterset, render_page(request, "events/export_error.html", context, status=400)
    return filterset, None


@public_page(params=(*TIMELINE_PARAMETERS, "as_of"))
def timeline_json(request):
    """Every event and troop estimate of the filter, in the timeline's order, as the API
    lists them (``/api/v1/events/``…), all at once: now, or ``?as_of=`` a moment."""
    filterset, error = _filtered(request)
    if error:
        return error
    try:
        as_of = as_of_of(request)
    except BadMoment as problem:
        context = {"filters": filter_form(filterset), "problem": str(problem)}
        return render_page(request, "events/export_error.html", context, status=400)
    moment = as_of.moment if as_of else None
    site = site_origin(request)
    streams = [
        _published_rows(filterset, kind, model, moment)
        for kind, model in (("event", Event), ("estimate", TroopEstimate))
    ]
    header = {
        "next": None,
        "as_of": moment.isoformat() if moment else None,
        "changes_since": Publication.objects.aggregate(last=Max("seq"))["last"] or 0,
    }

    def stream():
        yield json.dumps(header, ensure_ascii=False)[:-1] + ', "items": [\n'
        merged = heapq.merge(*streams, key=lambda key: key[:4])
        for index, (*_key, api_type, row) in enumerate(merged):
            item = item_of(api_type, row, site)
            yield ("" if index == 0 else ",\n") + json.dumps(
                item, ensure_ascii=False, cls=ExactJSONEncoder
            )
        yield "\n]}\n"

    response = StreamingHttpResponse(
        _chunks(stream()), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="timeline.json"'
    return response


def _published_rows(filterset, kind, model, moment):
    """(order key…, API type, publication) of the filter's entries of ``model``, in the
    timeline's order, streamed."""
    api_type = api_type_of(model)
    rows = filterset.history(
        Publication.objects.of(model).at(moment), model, current=moment is None
    )
    # Named rows, not model instances: an item reads five columns, thousands of times.
    rows = rows.order_by("date", "-date_last", "object_id").values_list(
        "object_id", "version", "published_at", "state", "date", "date_last", named=True
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield row.date, -row.date_last.toordinal(), kind, row.object_id, api_type, row


class _Echo:
    def write(self, value):
        return value


# A cell a spreadsheet would read as a formula (=HYPERLINK(…), +, -, @, or a tab or carriage
# return before one); full-width ＝ ＋ － ＠ too, which Japanese spreadsheets accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(value):
    """A text cell as data, never a formula: OWASP's rule, a leading ' (shown by spreadsheets
    as nothing, kept by the CSV). Numbers are left alone: -1 is a number, not code."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _flat(value):
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            value = " | ".join(f"{s['title']} ({s['work']}, {s['published_on']})" for s in value)
        else:
            value = " | ".join(value)
    if value is None:
        return ""
    return spreadsheet_safe(value)


@public_page(params=TIMELINE_PARAMETERS)
def timeline_csv(request):
    filterset, error = _filtered(request)
    if error:
        return error
    writer = csv.writer(_Echo())
    site = site_origin(request)

    def stream():
        yield "\ufeff"  # so that spreadsheet programs read the Japanese as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        for kind, entry, related in export_rows(filterset):
            row = _row(kind, entry, related, site)
            yield writer.writerow([_flat(row.get(column)) for column in CSV_COLUMNS])

    response = StreamingHttpResponse(_chunks(stream()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="timeline.csv"'
    return response


# --- Knight Lab TimelineJS ------------------------------------------------------------


def timelinejs_date(value, precision, display) -> dict:
    """A TimelineJS date with only the parts the precision knows, so that 2024年8月頃 is
    never shown as 1 August."""
    date = {"year": str(value.year)}
    if precision in ("month", "part", "day", "undated"):
        date["month"] = str(value.month)
    if precision in ("day", "undated"):  # undated: placed on the day it was reported
        date["day"] = str(value.day)
    date["display_date"] = display
    return date


def timelinejs_slide(kind, entry, related, site) -> dict:
    fuzzy = entry.fuzzy_date
    display = str(fuzzy)
    sources = [
        SlideSource(site + url_with_slug("sources:detail", key), title, work, published_on)
        for key, title, work, _author, published_on, _accessed, _url in related["citations"]
    ]
    if kind == "event":
        headline, body, group = entry.title, entry.text, entry.get_kind_display()
    else:
        headline = f"{entry.claimant.name}: {entry.figure_display}"
        body, group = entry.statement, str(_("troop estimate"))
    slide = {
        "unique_id": f"{kind}-{entry.slug}",
        "start_date": timelinejs_date(entry.date, entry.date_precision, display),
        "display_date": display,
        "text": {
            "headline": escape(headline),
            "text": engines["jinja2"]
            .get_template("events/timelinejs_text.html")
            .render({"body": body, "claim": _claim(entry), "sources": sources}),
        },
        "group": str(group),
    }
    if entry.date_end:
        slide["end_date"] = timelinejs_date(entry.date_end, entry.date_precision, display)
    return slide


@dataclass(slots=True, frozen=True)
class SlideSource:
    url: str
    title: str
    work: str
    published_on: datetime.date


def _claim(entry) -> str:
    """What a claim's slide says of it: its status and rank, and the basis."""
    if not entry.claim_status and entry.claim_rank == "normal":
        return ""
    parts = [entry.get_claim_status_display(), entry.get_claim_rank_display()]
    label = "・".join(str(part) for part in parts if part)
    return f"{label}: {entry.claim_note}" if entry.claim_note else label


@public_page(params=TIMELINE_PARAMETERS)
def timeline_timelinejs(request):
    filterset, error = _filtered(request)
    if error:
        return error
    article = the_article()
    title = {"text": {"headline": escape(article.title if article else ""), "text": ""}}
    site = site_origin(request)

    def stream():
        yield '{"title": ' + json.dumps(title, ensure_ascii=False) + ', "events": [\n'
        for index, (kind, entry, related) in enumerate(export_rows(filterset)):
            slide = timelinejs_slide(kind, entry, related, site)
            yield ("" if index == 0 else ",\n") + json.dumps(slide, ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(
        _chunks(stream()), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="timelinejs.json"'
    return response
