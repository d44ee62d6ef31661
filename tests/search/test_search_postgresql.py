"""The search on PostgreSQL: its words stored as a column the database keeps (migration
history/0005), whose statistics let the planner read a common word newest first and stop."""

import importlib
import json

import pytest
from django.db import connection

from apps.core.folding import query_terms
from apps.events.models import TroopEstimate
from apps.history.models import Publication
from apps.history.search import entries_matching, indexed
from apps.search.selectors import search
from tests.factories import grow

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own index"),
]

MIGRATION = importlib.import_module("apps.history.migrations.0005_publication_search_vector")
COMMON = "本文"  # in the text of every synthetic event: 合成の出来事N の本文。


def plan_of(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def analyzed(count: int) -> dict:
    made = grow(count, prefix="vector")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE history_publication")
    return made


def test_the_planner_knows_how_common_a_word_is():
    # An index on an expression over part of a table gives the planner no statistics: it
    # took every word for one in 200 rows, and read all of a common word's rows to sort
    # them. The stored column's statistics say how many have it.
    analyzed(450)
    rows = indexed(Publication.objects.at(None), [[COMMON]])
    having = rows.count()
    assert having >= 450
    estimated = plan_of(rows.values("seq"))["Plan Rows"]
    assert having / 2 <= estimated <= having * 2, (estimated, having)


def test_the_latest_of_a_common_word_are_read_newest_first_and_no_more():
    analyzed(450)
    rows = indexed(Publication.objects.at(None), [[COMMON]], latest=20)
    assert rows.count() == 20
    read = [
        node
        for node in nodes(plan_of(rows.values("seq")))
        if node.get("Relation Name") == "history_publication"
    ]
    scanned = [node for node in read if node.get("Scan Direction") == "Backward"]
    assert scanned, [node["Node Type"] for node in read]
    # What was read to find them: the twenty, and the newer rows of other kinds before them.
    examined = sum(node["Actual Rows"] + node.get("Rows Removed by Filter", 0) for node in scanned)
    assert examined < 200, examined


def test_a_word_absent_from_a_kind_reads_at_most_that_kind():
    # Every event has the word, no estimate does: as words of the query, the kind and the
    # word looked independent, and the planner read every row newest first looking for
    # the few estimates it expected (every row here, as at 100,000 events). A
    # small limit makes reading newest first look cheapest, as a large one does at scale.
    analyzed(450)
    estimates = Publication.objects.at(None).of(TroopEstimate).count()
    terms = [[COMMON]]
    assert list(entries_matching(TroopEstimate, terms, latest=5)) == []
    examined = sum(
        node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        for node in nodes(plan_of(entries_matching(TroopEstimate, terms, latest=5)))
        if node.get("Relation Name") == "history_publication"
        and node["Node Type"] in ("Index Scan", "Seq Scan", "Bitmap Heap Scan")
    )
    assert examined <= estimates + 10, (examined, estimates)


def test_the_stored_words_follow_every_write():
    # Kept by the database itself, however a publication is written (here an update that
    # no signal sees).
    analyzed(30)
    row = Publication.objects.at(None).filter(search_text__contains="本文").first()
    assert row.seq in set(
        indexed(Publication.objects.at(None), [[COMMON]]).values_list("seq", flat=True)
    )
    Publication.objects.filter(seq=row.seq).update(search_tokens="", search_text="")
    assert row.seq not in set(
        indexed(Publication.objects.at(None), [[COMMON]]).values_list("seq", flat=True)
    )


def test_the_migration_goes_back_to_the_expression_and_forward_again():
    from django.db import connections

    terms = query_terms("キーウ")
    before = search("キーウ").total
    assert before
    with connections["default"].schema_editor(atomic=True) as editor:
        for statement in MIGRATION.BACKWARD:
            editor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [MIGRATION.INDEX])
        (definition,) = cursor.fetchone()
        assert "to_tsvector" in definition
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'history_publication' AND column_name = 'search_vector'"
        )
        assert cursor.fetchone() == (0,)
    with connections["default"].schema_editor(atomic=True) as editor:
        for statement in MIGRATION.FORWARD:
            editor.execute(statement)
    assert search("キーウ").total == before
    assert indexed(Publication.objects.at(None), [terms]).exists()


def test_no_query_is_compiled_just_in_time_or_split_between_workers():
    # JIT compiled a map's counts for 60 ms to run them in 70; two workers doubled the
    # time of the timeline's queries (settings: DATABASE_SESSION_OPTIONS).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
