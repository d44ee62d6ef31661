from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing

from .selectors import bibliography


@public_page
def source_list(request):
    def read_page(number):
        page, sources = bibliography(number)
        return {"page": page, "sources": sources}

    return render_listing(
        request, "sources/list.html", read_page, _("There is no such page of the bibliography.")
    )
