import django.db.models.deletion
from django.db import migrations, models


def derive_roots(apps, schema_editor):
    """Store each actor's topmost affiliation (what ``_derive_root`` keeps up to date)."""
    Actor = apps.get_model("actors", "Actor")
    parents = dict(Actor.objects.values_list("pk", "affiliation_id"))
    for pk in parents:
        root, seen = None, {pk}
        above = parents[pk]
        while above is not None and above not in seen:
            root, above = above, parents.get(above)
            seen.add(root)
        if root is not None:
            Actor.objects.filter(pk=pk).update(root_id=root)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="root",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="actors.actor",
                verbose_name="country or organisation",
            ),
        ),
        migrations.RunPython(derive_roots, migrations.RunPython.noop),
    ]
