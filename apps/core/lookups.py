"""``id_field__any_of=[…]``: ``IN (…)``, written on PostgreSQL as ``= ANY(%s)`` with one
array parameter.

A page's loaders filter on lists of up to a hundred ids, the filters and the search on
lists of up to a thousand. psycopg merges such
parameters into the SQL text in Python on every execution (it caches the parsing
only for statements with at most 50 parameters), and PostgreSQL then parses each
literal; one array parameter costs neither. The rows and the plans are the same
(PostgreSQL turns ``IN (…)`` into ``= ANY(…)`` itself).

Only for integer columns (primary keys, foreign keys to them): a cast to
``varchar(n)[]`` or ``numeric(p, s)[]`` would silently truncate or round the values.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignKey, IntegerField, Model
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        if self.rhs_is_direct_value():
            self.rhs = [value.pk if isinstance(value, Model) else value for value in self.rhs]
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        if (
            not self.rhs_is_direct_value()
            or self.bilateral_transforms
            or not _is_integer(self.lhs.output_field)
        ):
            return self.as_sql(compiler, connection)
        values = [value for value in dict.fromkeys(self.rhs) if value is not None]
        if any(hasattr(value, "resolve_expression") for value in values):
            return self.as_sql(compiler, connection)
        if not values:
            raise EmptyResultSet  # as ``In`` does: no query at all
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # Plain values only (checked above): ``In.batch_process_rhs`` would try to
        # compile each one as an expression, which cost more than the query's SQL.
        _, params = self.get_db_prep_lookup(values, connection)
        array_type = f"{self.lhs.output_field.cast_db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array_type})", (*lhs_params, list(params))


def _is_integer(field) -> bool:
    return isinstance(getattr(field, "target_field", field), IntegerField)


# Integer columns (auto fields included) and foreign keys, which keep lookups of their own.
IntegerField.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)
