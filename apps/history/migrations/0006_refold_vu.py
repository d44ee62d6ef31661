"""The search's columns folded again: the folding now writes ヴ spellings as the usual kana
(ヴァイオリン = バイオリン, ``core.folding``), so the stored text must be folded as queries are.

Every publication's columns are worked out by the code of today, as 0004 filled them; the
engines' indexes follow by themselves (SQLite's triggers, PostgreSQL's generated column).
"""

import importlib

from django.db import migrations


def refold(apps, schema_editor):
    search = importlib.import_module("apps.history.migrations.0004_publication_search")
    search.fill_columns(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("history", "0005_publication_search_vector")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=False)]
