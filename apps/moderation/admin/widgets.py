"""The admin's autocomplete widgets, named for assistive technology.

Django's select2 widgets render an unnamed combobox until something is chosen, and
the "clear all" cross of a multiple select inside its list. These give every widget
a placeholder and leave out what breaks the list; ``moderation/autocomplete.js``
(in ``EntryAdmin.Media``) names the widgets after their field.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.translation import gettext


class NamedAutocompleteSelect(AutocompleteSelect):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Shown while nothing is chosen; select2 needs a placeholder to offer "clear".
        attrs["data-placeholder"] = gettext("Type to search…")
        return attrs


class NamedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Each choice has its own ×; select2 would put a "remove all" <span> inside the <ul>.
        attrs["data-allow-clear"] = "false"
        attrs["data-placeholder"] = gettext("Type to search…")
        return attrs


class NamedAutocompleteMixin:
    """For a ModelAdmin or an inline: its ``autocomplete_fields`` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
