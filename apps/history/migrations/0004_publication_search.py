"""The search index: every current publication's folded text, as pairs of characters.

Both engines find a query of any length by an index of the pairs of neighbouring
characters of the folded text (``core.folding``): a term is a phrase of pairs, a term of
one character the prefix of a pair. pg_trgm cannot serve queries of one or two
characters, and pg_bigm or PGroonga are not packaged here.

* PostgreSQL: a GIN index of ``to_tsvector('simple', search_tokens)`` over the current
  publications, written as Django writes the query's expression (or the planner ignores it).
* SQLite: an FTS5 table of the same words (its rowid the publication's), kept by
  triggers, so that every way of writing a publication (bulk loads included) keeps it.

The existing publications get their columns from the code of today (``search_columns``).
"""

from django.apps import apps as live_apps
from django.db import migrations, models
from django.db.models import Q

INDEX = "publication_search_idx"
FTS = "history_publication_search"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(tokens, tokenize='ascii')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON history_publication
    WHEN new.superseded_at IS NULL AND new.action <> 'deleted'
    BEGIN INSERT INTO {FTS}(rowid, tokens) VALUES (new.seq, new.search_tokens); END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update
    AFTER UPDATE OF superseded_at, action, search_tokens ON history_publication
    BEGIN
        DELETE FROM {FTS} WHERE rowid = old.seq;
        INSERT INTO {FTS}(rowid, tokens) SELECT new.seq, new.search_tokens
        WHERE new.superseded_at IS NULL AND new.action <> 'deleted';
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON history_publication
    BEGIN DELETE FROM {FTS} WHERE rowid = old.seq; END""",  # noqa: S608
]
FILL_SQLITE = (
    f"INSERT INTO {FTS}(rowid, tokens) SELECT seq, search_tokens FROM history_publication "  # noqa: S608
    "WHERE superseded_at IS NULL AND action <> 'deleted'"
)
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TABLE IF EXISTS {FTS}",
]


def search_index(model):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(
        SearchVector("search_tokens", config="simple"),
        condition=Q(superseded_at__isnull=True) & ~Q(action="deleted"),
        name=INDEX,
    )


def fill_columns(apps, schema_editor, rows=None):
    """The search columns of ``rows`` (every publication by default), from their states."""
    from apps.history.services import search_columns

    Publication = apps.get_model("history", "Publication")
    ContentType = apps.get_model("contenttypes", "ContentType")
    models_by_type = {
        content_type.pk: live_apps.get_model(content_type.app_label, content_type.model)
        for content_type in ContentType.objects.all()
        if live_apps.is_installed(f"apps.{content_type.app_label}")
    }
    batch = []
    rows = Publication.objects.all() if rows is None else rows
    rows = rows.exclude(state__isnull=True).only("seq", "content_type", "state")
    for row in rows.iterator(chunk_size=1000):
        model = models_by_type.get(row.content_type_id)
        if model is None:
            continue
        for name, value in search_columns(model, row.state).items():
            setattr(row, name, value)
        batch.append(row)
        if len(batch) == 1000:
            Publication.objects.bulk_update(batch, ["search_title", "search_text", "search_tokens"])
            batch = []
    Publication.objects.bulk_update(batch, ["search_title", "search_text", "search_tokens"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("history", "Publication"), search_index(None))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
        schema_editor.execute(FILL_SQLITE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("history", "Publication"), search_index(None))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("history", "0003_publication_order")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="search_title",
            field=models.TextField(blank=True, verbose_name="searchable title"),
        ),
        migrations.AddField(
            model_name="publication",
            name="search_tokens",
            field=models.TextField(blank=True, verbose_name="search index words"),
        ),
        migrations.RunPython(fill_columns, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
