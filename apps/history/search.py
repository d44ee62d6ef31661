"""Finding publications by their folded text (``core.folding``), through each engine's
index: SQLite's FTS5 table (migration ``history/0004``), PostgreSQL's stored words
(``history/0005``).

A query is a list of *terms*, each to be found; a term is a list of *alternatives* (what
it says, and its synonyms), any of which may be found. Every string here is folded.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from apps.core.folding import kind_token, term_tokens, year_token

from .models import Publication

FTS = "history_publication_search"  # SQLite's index (migration 0004)
VECTOR = "search_vector"  # PostgreSQL's stored words, indexed (migration 0005)

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


def indexed(rows, terms: Terms, *, model=None, year: int | None = None, latest: int | None = None):
    """Those of ``rows`` (current, published states: ``Publication.objects.at(None)``)
    whose text has every term, found through the index; ``model``, ``year``: only the
    entries of that kind, dated in that year; ``latest``: only the last so many published
    of them, which the index finds without reading the others."""
    if not terms and model is None and year is None:
        return rows
    if connection.vendor == "postgresql":
        return _indexed_postgresql(rows, terms, model, year, latest)
    if connection.vendor == "sqlite":
        # The kind and the year are words of the index: FTS5 narrows by them itself.
        words = [kind_token(model._meta.label_lower)] if model else []
        if year:
            words.append(year_token(year))
        query = _match(terms, _fts5_phrase, "AND", "OR", words)
        # FTS is a constant; the query and the limit are parameters. FTS5 reads its rows
        # newest first and stops at the limit.
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"  # noqa: S608
        if latest is None:
            return rows.filter(seq__in=RawSQL(sql, [query]))  # noqa: S611
        limited = f"{sql} ORDER BY rowid DESC LIMIT %s"
        return rows.filter(seq__in=RawSQL(limited, [query, latest]))  # noqa: S611
    return containing(rows, terms)  # pragma: no cover - the two engines above are supported


def _indexed_postgresql(rows, terms: Terms, model, year: int | None, latest: int | None):
    # The kind and the year are columns here, not words of the query: the planner
    # estimates words as if independent of each other, and a word every event has would
    # look common among the estimates too, where it may be absent; it would then read
    # every row newest first looking for the few. A kind's rows are read along
    # ``publication_kind_seq_idx`` (migration 0005): at worst all of that kind.
    if model is not None:
        rows = rows.filter(content_type=ContentType.objects.get_for_model(model))
    if year:
        rows = rows.filter(date__year=year)
    if not terms:
        found = rows
    else:
        # The stored words (migration 0005; no other table read here has such a column).
        # With the column's statistics the planner reads a common word's rows newest
        # first and stops at ``latest``, a rare word's through the index.
        query = _match(terms, _tsquery_phrase, "&", "|")
        found = rows.filter(
            RawSQL(  # noqa: S611 - a constant; the query is a parameter
                f"{VECTOR} @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()
            )
        )
    if latest is None:
        return found
    return rows.filter(seq__in=found.order_by("-seq").values("seq")[:latest])


def entries_matching(model, terms: Terms, latest: int | None = None):
    """The ids of the published entries of ``model`` whose text has every term (a subquery);
    ``latest``: the last so many published only."""
    rows = indexed(Publication.objects.at(None), terms, model=model, latest=latest)
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
