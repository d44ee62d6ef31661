from importlib import import_module

from django.db import migrations

# As when the groups were made: editors and reviewers edit corrections like any entry.
create_groups = import_module("apps.moderation.migrations.0002_editorial_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_changeset_permissions"),
        ("corrections", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
