from django.core.paginator import InvalidPage
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.http import public_page

from .selectors import systems_with_reports


@public_page
def weapon_list(request):
    try:
        page, systems, footnotes = systems_with_reports(request.GET.get("page"))
    except InvalidPage:
        context = {"problem": _("There is no such page of weapons.")}
        return render(request, "weapons/list.html", context, status=404)
    context = {"page": page, "systems": systems, "footnotes": footnotes}
    return render(request, "weapons/list.html", context)
