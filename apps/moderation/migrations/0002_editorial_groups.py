from django.contrib.auth.management import create_permissions
from django.db import migrations

from apps.moderation.roles import sync_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
        ("actors", "0001_initial"),
        ("places", "0001_initial"),
        ("article", "0001_initial"),
        ("events", "0001_initial"),
        ("reactions", "0001_initial"),
        ("weapons", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
