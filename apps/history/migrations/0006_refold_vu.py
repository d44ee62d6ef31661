"""The search's columns folded again where the folding changed: it now writes ヴ spellings
as the usual kana (ヴァイオリン = バイオリン, ``core.folding``), so a stored text that still has
ヴ (or ヷ, ヸ, ヹ, ヺ) must be folded as queries are. The text was folded before, so only those
rows can differ.

Their columns are worked out by the code of today, as 0004 filled them; the engines'
indexes follow by themselves (SQLite's triggers, PostgreSQL's generated column).
"""

import importlib
from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

OLD_SPELLINGS = "ヴヷヸヹヺ"


def refold(apps, schema_editor):
    search = importlib.import_module("apps.history.migrations.0004_publication_search")
    Publication = apps.get_model("history", "Publication")
    changed = reduce(or_, (Q(search_text__contains=kana) for kana in OLD_SPELLINGS))
    search.fill_columns(apps, schema_editor, Publication.objects.filter(changed))


class Migration(migrations.Migration):
    dependencies = [("history", "0005_publication_search_vector")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=False)]
