"""``field__any_of=[…]``: ``IN (…)``, written on PostgreSQL as ``= ANY(%s)`` with one
array parameter.

A page's loaders filter on lists of up to a hundred ids. psycopg merges such
parameters into the SQL text in Python on every execution (it caches the parsing
only for statements with at most 50 parameters), and PostgreSQL then parses each
literal; one array parameter costs neither. The rows and the plans are the same
(PostgreSQL turns ``IN (…)`` into ``= ANY(…)`` itself).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in dict.fromkeys(self.rhs) if value is not None]
        if not values:
            raise EmptyResultSet  # as ``In`` does: no query at all
        _, params = self.batch_process_rhs(compiler, connection, values)
        array_type = f"{self.lhs.output_field.cast_db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array_type})", (*lhs_params, list(params))


# Relations keep lookups of their own: register on both (ids of foreign keys, ``entry_id``).
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
