from django.http import Http404
from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing, render_page
from apps.core.jsonld import Site, source_document

from . import selectors
from .models import Source


@public_page(params=("page",))
def source_list(request):
    def read_page(number):
        page, sources = selectors.bibliography(number)
        return {"page": page, "sources": sources}

    return render_listing(
        request,
        "sources/list.html",
        read_page,
        _("There is no such page of the bibliography."),
        empty={"sources": []},
    )


@public_page
def source_detail(request, slug):
    try:
        source, cited_by = selectors.source_detail(slug)
    except Source.DoesNotExist:
        raise Http404(_("No published source has this key.")) from None
    context = {
        "source": source,
        "cited_by": cited_by,
        "json_ld": source_document(Site(request), source),
    }
    return render_page(request, "sources/detail.html", context)
