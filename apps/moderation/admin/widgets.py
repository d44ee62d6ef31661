"""The admin's autocomplete widgets, named for assistive technology.

Django's select2 widgets render an unnamed combobox until something is chosen, and
the "clear all" cross of a multiple select inside its list. These give every widget
a placeholder and leave out what breaks the list; ``moderation/autocomplete.js``
(in ``EntryAdmin.Media``) names the widgets after their field.
"""

from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.utils.translation import gettext


class InChangesetMixin:
    """The search of a form opened in a changeset looks in that changeset too
    (``site.EditorialAdminSite.autocomplete_view``)."""

    changeset_id = None

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        if self.changeset_id is not None:
            attrs["data-ajax--url"] += f"?changeset={self.changeset_id}"
        return attrs


class NamedAutocompleteSelect(InChangesetMixin, AutocompleteSelect):
    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Shown while nothing is chosen; select2 needs a placeholder to offer "clear".
        attrs["data-placeholder"] = gettext("Type to search…")
        return attrs


class NamedAutocompleteSelectMultiple(InChangesetMixin, AutocompleteSelectMultiple):
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
            kwargs["widget"].changeset_id = changeset_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs["widget"].changeset_id = changeset_of(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def changeset_of(request) -> int | None:
    """The changeset a form's URL names (``?changeset=<id>``), if it names one."""
    changeset = request.GET.get("changeset", "") if request is not None else ""
    return int(changeset) if changeset.isdigit() else None


class ChangesetWidgetWrapper(RelatedFieldWidgetWrapper):
    """Django's wrapper with the "+" beside a field, whose popup adds the new entry to the
    changeset the form adds to (``?changeset=<id>`` on the add form)."""

    def __init__(self, wrapper: RelatedFieldWidgetWrapper, changeset_id: int):
        super().__init__(
            wrapper.widget,
            wrapper.rel,
            wrapper.admin_site,
            can_add_related=wrapper.can_add_related,
            can_change_related=wrapper.can_change_related,
            can_delete_related=wrapper.can_delete_related,
            can_view_related=wrapper.can_view_related,
        )
        self.changeset_id = changeset_id

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["url_params"] += f"&changeset={self.changeset_id}"
        return context


class ChangesetLinksMixin:
    """For an entry admin or an inline: in a form opened in a changeset (the URL names it),
    each "+" adds to that changeset. Without one, a popup adds to the editor's draft."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        changeset = changeset_of(request)
        if (
            formfield is not None
            and isinstance(formfield.widget, RelatedFieldWidgetWrapper)
            and changeset is not None
        ):
            formfield.widget = ChangesetWidgetWrapper(formfield.widget, changeset)
        return formfield
