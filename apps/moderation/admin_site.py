"""The admin site of the editorial desk: Django's, but its autocomplete searches the
entries new in the editor's changeset too.

Kept outside ``moderation.admin``: Django imports the site's class while the admin modules
register their models on it, and importing that package from here would make two sites.
"""

from django.contrib import admin

from .publishing import changeset_applied
from .selectors import working_changeset


class EditorialAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        """Django's autocomplete, with the changeset the form adds to written for the search
        (and rolled back): a source new in it is found by its title like any other. The
        widget names the changeset (``?changeset=``) when the form does; else the draft."""
        named = request.GET.get("changeset", "")
        changeset = None
        if request.user.is_active and request.user.is_staff:
            changeset = working_changeset(request.user, int(named) if named.isdigit() else None)
        with changeset_applied(changeset, new_only=True):
            return super().autocomplete_view(request)
