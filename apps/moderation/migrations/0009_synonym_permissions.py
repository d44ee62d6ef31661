from importlib import import_module

from django.db import migrations

# As when the groups were made: editors and reviewers edit search synonyms like any entry.
create_groups = import_module("apps.moderation.migrations.0002_editorial_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0008_correction_decision"),
        ("synonyms", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
