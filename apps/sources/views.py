from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing

from . import selectors
from .models import Source
from .selectors import bibliography


@public_page
def source_list(request):
    def read_page(number):
        page, sources = bibliography(number)
        return {"page": page, "sources": sources}

    return render_listing(
        request, "sources/list.html", read_page, _("There is no such page of the bibliography.")
    )


@public_page
def source_detail(request, slug):
    try:
        source, cited_by = selectors.source_detail(slug)
    except Source.DoesNotExist:
        raise Http404(_("No published source has this key.")) from None
    return render(request, "sources/detail.html", {"source": source, "cited_by": cited_by})
