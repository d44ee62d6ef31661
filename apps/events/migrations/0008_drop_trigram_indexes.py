"""The text filter (``q``) now reads the search's index of character pairs
(``history/0004``), which serves queries of any length on both engines: the trigram
indexes of ``0004`` only cost writes. Reversed, they are made again."""

from importlib import import_module

from django.db import migrations

trigrams = import_module("apps.events.migrations.0004_text_filter_trigram_indexes")


class Migration(migrations.Migration):
    dependencies = [("events", "0007_text_limits"), ("history", "0004_publication_search")]

    operations = [
        migrations.RunPython(trigrams.drop_indexes, trigrams.create_indexes, elidable=False)
    ]
