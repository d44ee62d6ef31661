"""Query expressions the apps share."""

from django.db.models import IntegerField, Subquery


class CappedCount(Subquery):
    """How many rows ``queryset`` has, counting no further than ``cap``: a count that costs
    at most ``cap`` rows however many there are (the reader is told "100+")."""

    template = '(SELECT COUNT(*) FROM (%(subquery)s) "capped")'
    output_field = IntegerField()

    def __init__(self, queryset, cap: int):
        super().__init__(queryset.order_by().values("pk")[:cap])
