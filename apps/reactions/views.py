from django.shortcuts import render

from apps.core.http import public_page

from .selectors import reactions_by_group


@public_page
def reaction_list(request):
    groups, footnotes = reactions_by_group()
    return render(request, "reactions/list.html", {"groups": groups, "footnotes": footnotes})
