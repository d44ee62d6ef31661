from django.core.paginator import InvalidPage
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.http import public_page

from .selectors import bibliography


@public_page
def source_list(request):
    try:
        page, sources = bibliography(request.GET.get("page"))
    except InvalidPage:
        context = {"problem": _("There is no such page of the bibliography.")}
        return render(request, "sources/list.html", context, status=404)
    return render(request, "sources/list.html", {"page": page, "sources": sources})
