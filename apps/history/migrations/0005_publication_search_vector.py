"""PostgreSQL: the search's words stored as a ``tsvector`` column, indexed, and no longer
recomputed from the text row by row.

With the index on the expression ``to_tsvector('simple', search_tokens)`` (0004), every
row a query read had its words worked out again: "the latest 1,000" of a word that nearly
every entry has read all of them through the index, rechecked them and sorted them. A
stored column is checked at once, and its statistics (a partial index's expression gets
none the planner uses) tell the planner which words are common: those it reads newest
first along the primary key and stops at the limit; the rare ones it still reads through
the index. A generated column is kept by the database itself, like SQLite's FTS5 triggers,
whichever way a publication is written; the model does not declare it
(``history.search`` names it), so SQLite has no such column.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "publication_search_idx"
# The latest of one kind, newest first: a search narrowed to a kind (``history.search``).
KIND_INDEX = "publication_kind_seq_idx"
CURRENT = "superseded_at IS NULL AND NOT action = 'deleted'"

FORWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"""ALTER TABLE history_publication ADD COLUMN {COLUMN} tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED""",
    f"CREATE INDEX {INDEX} ON history_publication USING gin ({COLUMN}) WHERE {CURRENT}",
    f"CREATE INDEX {KIND_INDEX} ON history_publication (content_type_id, seq) WHERE {CURRENT}",
    "ANALYZE history_publication",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {KIND_INDEX}",
    f"ALTER TABLE history_publication DROP COLUMN IF EXISTS {COLUMN}",  # and its index
    f"""CREATE INDEX {INDEX} ON history_publication
    USING gin (to_tsvector('simple', COALESCE(search_tokens, ''))) WHERE {CURRENT}""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("history", "0004_publication_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
