"""The search over every published entry (``history.search`` finds, this ranks, counts
and shows): a page of hits, facets by kind and year, highlighted titles and snippets."""

from collections import Counter
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from apps.core.dates import FuzzyDate
from apps.core.folding import query_terms, spans_of
from apps.history.items import permalink
from apps.history.models import Publication
from apps.history.search import indexed, relevance
from apps.history.types import API_TYPES
from apps.synonyms.expansion import expanded

from .rows import Facet, Hit, Results, Segment

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
# How many of the latest matches a search ranks and counts (see ``search``).
CANDIDATES = 1000
SNIPPET_LENGTH = 160  # characters of an entry's text around what was found
# Every kind the public reads, but the search's own synonyms (words, not entries).
SEARCH_TYPES = tuple(t for t in API_TYPES if t.name != "synonym_set")


def _type_ids() -> dict[int, object]:
    content_types = ContentType.objects.get_for_models(*(t.model for t in SEARCH_TYPES))
    by_model = {t.model: t for t in SEARCH_TYPES}
    return {content_type.pk: by_model[model] for model, content_type in content_types.items()}


def search(query: str, *, kind: str = "", year: int | None = None, page: int = 1) -> Results:
    """A page of what is published that has every word of ``query`` (folded, with
    synonyms), best first: the title has it all, then the title has every word, then the
    text has them side by side, then scattered; within each, the latest first.

    The index gives the latest ``CANDIDATES`` matches (of the kind and year chosen, also
    narrowed by the index), newest first, and stops there: those are ranked and counted by
    kind and year, so that a word every entry has costs what a rare one does. Beyond that
    many the counts say "1,000+" and the order is that of the latest 1,000. Three queries:
    synonyms, the matches, the page (none when nothing matched)."""
    terms = expanded(query_terms(query))
    if not terms:
        return Results(query, [], 0, False, [], [], 1, 0, "", "")
    type_ids = _type_ids()
    chosen = next((t for t in SEARCH_TYPES if t.name == kind), None)
    candidates = indexed(
        Publication.objects.at(None),
        terms,
        model=chosen.model if chosen else None,
        year=year,
        latest=CANDIDATES,
    )
    found = list(candidates.values_list("seq", "content_type", "date"))
    more = len(found) >= CANDIDATES
    found = [
        (seq, content_type, date) for seq, content_type, date in found if content_type in type_ids
    ]
    type_counts = Counter(content_type for _, content_type, _ in found)
    year_counts = Counter(date.year for _, _, date in found if date)
    total = len(found)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    shown = (
        # The matches' keys (not searched again), as one array parameter on PostgreSQL.
        Publication.objects.filter(seq__any_of=[seq for seq, _, _ in found])
        .annotate(rank=relevance(terms))
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
            link(type="" if t.name == kind else t.name, page=1),
            t.name == kind,
        )
        for pk, t in type_ids.items()
        if type_counts.get(pk)
    ]
    years = [
        Facet(
            str(value),
            str(value),
            count,
            link(year="" if value == year else value, page=1),
            value == year,
        )
        for value, count in sorted(year_counts.items())
    ]
    return Results(
        query,
        hits,
        total,
        more,
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
    found = spans_of(text, words)  # once: the title of an untitled entry is its text too
    if title:
        title_segments = _excerpt(title, spans_of(title, words), len(title))
    else:  # an estimate, a reaction, a passage: their text is what they say
        title_segments = _excerpt(text, found, 80)
    return Hit(
        type_label=str(api_type.model._meta.verbose_name),
        url=permalink(api_type, row.object_id),
        title=title_segments,
        snippet=_excerpt(text, found, SNIPPET_LENGTH),
        date=_date(fields),
    )


def _excerpt(text: str, spans: list[tuple[int, int]], length: int) -> tuple[Segment, ...]:
    """At most ``length`` characters of ``text``, around the first of ``spans`` (what was
    found, ``spans_of``), which are marked."""
    start, end = 0, len(text)
    if end > length:
        start = max(0, spans[0][0] - length // 3) if spans else 0
        end = min(len(text), start + length)
        start = max(0, end - length)
    segments = [Segment("…")] if start else []
    position = start
    for found_start, found_end in spans:
        if found_start < start or found_end > end:
            continue  # not (wholly) in the excerpt: a mark of part of a number would mislead
        if found_start > position:
            segments.append(Segment(text[position:found_start]))
        segments.append(Segment(text[found_start:found_end], marked=True))
        position = found_end
    if position < end:
        segments.append(Segment(text[position:end]))
    if end < len(text):
        segments.append(Segment("…"))
    return tuple(segments)


def _date(fields: dict) -> str:
    if not fields.get("date") or not fields.get("date_precision"):
        return ""
    return str(FuzzyDate.of_fields(fields))
