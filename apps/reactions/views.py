from django.core.paginator import InvalidPage
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.http import public_page

from .selectors import reactions_by_group


@public_page
def reaction_list(request):
    try:
        page, groups, footnotes = reactions_by_group(request.GET.get("page"))
    except InvalidPage:
        context = {"problem": _("There is no such page of reactions.")}
        return render(request, "reactions/list.html", context, status=404)
    context = {"page": page, "groups": groups, "footnotes": footnotes}
    return render(request, "reactions/list.html", context)
