"""Entries that hang from one another (an agency under its country, a province in its
country): everything under one of them, by one recursive query on either engine."""

from django.db.models.expressions import RawSQL


def subtree(model, parent_field: str, root_slugs: list[str]) -> RawSQL:
    """The primary keys of the entries ``root_slugs`` of ``model`` and of every entry under
    them through ``parent_field`` (a foreign key to the same model), for ``pk__in``."""
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    parent_column = model._meta.get_field(parent_field).column
    # Names come from the model's own metadata, the key is a parameter. UNION (not UNION
    # ALL) stops at a cycle, which a constraint forbids but a bad fixture might hold.
    keys = ", ".join(["%s"] * len(root_slugs))
    sql = (
        f'WITH RECURSIVE "tree"("id") AS ('  # noqa: S608
        f'SELECT "{pk_column}" FROM "{table}" WHERE "slug" IN ({keys}) UNION '
        f'SELECT "child"."{pk_column}" FROM "{table}" "child" '
        f'JOIN "tree" ON "child"."{parent_column}" = "tree"."id") SELECT "id" FROM "tree"'
    )
    return RawSQL(sql, list(root_slugs))  # noqa: S611
