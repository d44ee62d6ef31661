"""The search over every published entry (``history.search`` finds, this ranks, counts
and shows): a page of hits, facets by kind and year, highlighted titles and snippets."""

import datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from apps.core.dates import FuzzyDate
from apps.core.folding import query_terms, spans_of
from apps.history.items import permalink
from apps.history.search import current_matching, relevance
from apps.history.types import API_TYPES
from apps.synonyms.expansion import expanded

from .rows import Facet, Hit, Results, Segment

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
SNIPPET_LENGTH = 160  # characters of an entry's text around what was found
# Every kind the public reads, but the search's own synonyms (words, not entries).
SEARCH_TYPES = tuple(t for t in API_TYPES if t.name != "synonym_set")


def _type_ids() -> dict[int, object]:
    content_types = ContentType.objects.get_for_models(*(t.model for t in SEARCH_TYPES))
    by_model = {t.model: t for t in SEARCH_TYPES}
    return {content_type.pk: by_model[model] for model, content_type in content_types.items()}


def search(query: str, *, kind: str = "", year: int | None = None, page: int = 1) -> Results:
    """A page of what is published that has every word of ``query`` (folded, with
    synonyms), best first: the title has it all, then the text has it as typed, then
    scattered; within each, the latest first. Constant queries: synonyms, two facet
    counts, the page."""
    terms = expanded(query_terms(query))
    if not terms:
        return Results(query, [], 0, [], [], 1, 0, "", "")
    type_ids = _type_ids()
    matching = current_matching(terms).filter(content_type__in=list(type_ids))
    by_type = matching.filter(date__year=year) if year else matching
    chosen_type = next((pk for pk, t in type_ids.items() if t.name == kind), None)
    by_year = matching.filter(content_type=chosen_type) if chosen_type else matching

    type_counts = dict(by_type.order_by().values_list("content_type").annotate(count=Count("seq")))
    year_counts = (
        by_year.exclude(date__isnull=True)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(count=Count("seq"))
    )
    rows = by_type.filter(content_type=chosen_type) if chosen_type else by_type
    total = type_counts.get(chosen_type, 0) if chosen_type else sum(type_counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    shown = (
        rows.annotate(rank=relevance(terms))
        .order_by("rank", F("date").desc(nulls_last=True), "-seq")
        .only("seq", "content_type", "object_id", "state", "date")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    words = [alternative for alternatives in terms for alternative in alternatives]
    hits = [_hit(row, type_ids[row.content_type_id], words) for row in shown]

    def link(**changes):
        params = {"q": query, "type": kind, "year": year or "", **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None, 1)})

    types = [
        Facet(
            t.name,
            str(t.model._meta.verbose_name_plural),
            type_counts[pk],
            link(type="" if t.name == kind else t.name),
            t.name == kind,
        )
        for pk, t in type_ids.items()
        if type_counts.get(pk)
    ]
    years = [
        Facet(
            str(value), str(value), count, link(year="" if value == year else value), value == year
        )
        for value, count in sorted(year_counts)
    ]
    return Results(
        query,
        hits,
        total,
        types,
        years,
        page,
        pages,
        link(page=page - 1) if page > 1 else "",
        link(page=page + 1) if page < pages else "",
    )


_TITLE_FIELDS = ("title", "name")


def _hit(row, api_type, words) -> Hit:
    fields = row.state["fields"]
    text_field = api_type.entry_type.text_field
    text = str(fields.get(text_field) or "") if text_field else ""
    title = next((str(fields[name]) for name in _TITLE_FIELDS if fields.get(name)), "")
    if not title:  # an estimate, a reaction, a passage: their text is what they say
        title, text = _shortened(text, words, 80), text
    return Hit(
        type_label=str(api_type.model._meta.verbose_name),
        url=permalink(api_type, row.object_id),
        title=_segments(title, words),
        snippet=_segments(_shortened(text, words, SNIPPET_LENGTH), words),
        date=_date(fields),
    )


def _shortened(text: str, words: list[str], length: int) -> str:
    """At most ``length`` characters of ``text``, around the first thing found in it."""
    if len(text) <= length:
        return text
    spans = spans_of(text, words)
    start = max(0, spans[0][0] - length // 3) if spans else 0
    end = min(len(text), start + length)
    start = max(0, end - length)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _segments(text: str, words: list[str]) -> tuple[Segment, ...]:
    segments, position = [], 0
    for start, end in spans_of(text, words):
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], marked=True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


def _date(fields: dict) -> str:
    if not fields.get("date") or not fields.get("date_precision"):
        return ""
    end = fields.get("date_end")
    date = FuzzyDate(
        datetime.date.fromisoformat(fields["date"]),
        fields["date_precision"],
        bool(fields.get("date_approximate")),
        datetime.date.fromisoformat(end) if end else None,
    )
    return str(date)
