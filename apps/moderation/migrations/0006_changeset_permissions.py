from importlib import import_module

from django.db import migrations

# The same step as when the groups were made: create the permissions, then give each group
# exactly those of ``roles.role_permissions`` (which now include seeing changesets).
create_groups = import_module("apps.moderation.migrations.0002_editorial_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_changesets")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
