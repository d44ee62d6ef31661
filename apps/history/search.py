"""Finding publications by their folded text (``core.folding``), through the index of
migration ``history/0004`` where there is one.

A query is a list of *terms*, each to be found; a term is a list of *alternatives* (what
it says, and its synonyms), any of which may be found. Every string here is folded.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from apps.core.folding import kind_token, term_tokens

from .models import Publication

FTS = "history_publication_search"

Terms = list[list[str]]


def _fts5_phrase(term: str) -> str:
    tokens, prefix = term_tokens(term)
    return f'"{" ".join(tokens)}"' + ("*" if prefix else "")


def _tsquery_phrase(term: str) -> str:
    tokens, prefix = term_tokens(term)
    return " <-> ".join(tokens) + (":*" if prefix else "")


def _match(terms: Terms, phrase, both: str, either: str, words=()) -> str:
    """The engine's query: every term (any of its alternatives), and every word of
    ``words`` (a kind's or a year's, ``core.folding``)."""
    parts = [
        "(" + f" {either} ".join(phrase(alternative) for alternative in alternatives) + ")"
        for alternatives in terms
    ]
    return f" {both} ".join([*parts, *words])


def indexed(rows, terms: Terms, *, words=(), latest: int | None = None):
    """Those of ``rows`` (current, published states: ``Publication.objects.at(None)``)
    whose text has every term and every index word of ``words`` (``kind_token``,
    ``year_token``), found through the index; ``latest``: only the last so many published
    of them, which the index finds without reading the others."""
    if not terms and not words:
        return rows
    if connection.vendor == "postgresql":
        query = _match(terms, _tsquery_phrase, "&", "|", words)
        found = rows.annotate(search_vector=SearchVector("search_tokens", config="simple")).filter(
            search_vector=SearchQuery(query, search_type="raw", config="simple")
        )
        if latest is None:
            return found
        return rows.filter(seq__in=found.order_by("-seq").values("seq")[:latest])
    if connection.vendor == "sqlite":
        query = _match(terms, _fts5_phrase, "AND", "OR", words)
        # FTS is a constant; the query and the limit are parameters. FTS5 reads its rows
        # newest first and stops at the limit.
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"  # noqa: S608
        if latest is None:
            return rows.filter(seq__in=RawSQL(sql, [query]))  # noqa: S611
        limited = f"{sql} ORDER BY rowid DESC LIMIT %s"
        return rows.filter(seq__in=RawSQL(limited, [query, latest]))  # noqa: S611
    return containing(rows, terms)  # pragma: no cover - the two engines above are supported


def entries_matching(model, terms: Terms, latest: int | None = None):
    """The ids of the published entries of ``model`` whose text has every term (a subquery):
    the index narrows to the kind itself; ``latest``: the last so many published only."""
    words = [kind_token(model._meta.label_lower)]
    rows = indexed(Publication.objects.at(None), terms, words=words, latest=latest)
    return rows.values_list("object_id", flat=True)


def containing(rows, terms: Terms):
    """``rows`` whose text has every term, read row by row: for the states of a moment,
    which the index (current states only) does not hold."""
    for alternatives in terms:
        found = Q()
        for alternative in alternatives:
            found |= Q(search_text__contains=alternative)
        rows = rows.filter(found)
    return rows


def relevance(terms: Terms):
    """An expression ranking rows that match ``terms``: 0 when the title has the whole
    query as typed, 1 when it has every term, 2 when the text has the whole query,
    3 when the terms are scattered."""
    # Japanese writes no spaces: a phrase is the words one after the other, with or without.
    phrases = [joiner.join(words) for words in _phrases(terms) for joiner in ("", " ")]
    whole_in_title = Q()
    whole_in_text = Q()
    for phrase in phrases:
        whole_in_title |= Q(search_title__contains=phrase)
        whole_in_text |= Q(search_text__contains=phrase)
    every_in_title = Q()
    for alternatives in terms:
        some = Q()
        for alternative in alternatives:
            some |= Q(search_title__contains=alternative)
        every_in_title &= some
    return Case(
        When(whole_in_title, then=Value(0)),
        When(every_in_title, then=Value(1)),
        When(whole_in_text, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def _phrases(terms: Terms, limit: int = 8) -> list[list[str]]:
    """The query as typed and, term by term, with each term's synonyms (a few at most)."""
    phrases = [[]]
    for alternatives in terms:
        phrases = [[*phrase, alternative] for phrase in phrases for alternative in alternatives]
        phrases = phrases[:limit]
    return phrases
