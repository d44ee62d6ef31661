from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.core.http import public_page
from apps.history.types import BY_NAME


@public_page
def entry_permalink(request, kind: str, object_id: int):
    """An entry's permanent address (the API's ``url``): its public page, wherever its
    slug and its event put it now."""
    api_type = BY_NAME.get(kind)
    entry = api_type.model.objects.published().filter(pk=object_id).first() if api_type else None
    if entry is None:
        raise Http404(_("No published entry has this address."))
    return redirect(entry.get_absolute_url())
