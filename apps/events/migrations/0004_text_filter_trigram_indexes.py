"""PostgreSQL: trigram indexes for the timeline's text filter (``q``).

``icontains`` is ``UPPER(column::text) LIKE UPPER('%…%')`` on PostgreSQL, which no
B-tree index can serve: every text query read the whole table twice (count and
page). A GIN index of the trigrams of ``UPPER(column)`` serves any query of three
characters or more. pg_trgm makes trigrams of Japanese only when the database's
LC_CTYPE is a UTF-8 one (C.UTF-8, ja_JP.UTF-8…; a test checks). A shorter query,
or one that matches most rows, still reads them all. pg_trgm ships with PostgreSQL and is a trusted extension: the owner of the
database may create it. SQLite has no such index: there, nothing changes.
"""

from django.db import migrations

INDEXES = {  # index name: (table, column)
    "event_title_trgm_idx": ("events_event", "title"),
    "event_text_trgm_idx": ("events_event", "text"),
    "estimate_statement_trgm_idx": ("events_troopestimate", "statement"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for name, (table, column) in INDEXES.items():
        # The expression is the one Django writes for icontains, or the planner ignores it.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("events", "0003_status_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
