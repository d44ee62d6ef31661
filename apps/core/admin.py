"""Admin pieces every dated entry shares."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The date as an editor types it (its precision inferred), whether it is approximate, the end.
DATE_FIELDS = ("date", "date_approximate", "date_end")
RELATIVE_DATE_FIELDS = ("date_relative", "date_relative_to")


@admin.display(description=_("date"), ordering="date")
def fuzzy_date(entry) -> str:
    """The date as the public site shows it: 2024年10月頃, not 2024-10-01 and a precision."""
    return str(entry.fuzzy_date)
