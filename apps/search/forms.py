from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import MAX_QUERY_LENGTH, SEARCH_TYPES


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(
        label=_("Kind of entry"),
        required=False,
        choices=[("", _("all kinds"))] + [(t.name, t.name) for t in SEARCH_TYPES],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=10_000)
