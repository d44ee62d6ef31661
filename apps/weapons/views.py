from django.shortcuts import render

from apps.core.http import public_page

from .selectors import systems_with_reports


@public_page
def weapon_list(request):
    systems, footnotes = systems_with_reports()
    return render(request, "weapons/list.html", {"systems": systems, "footnotes": footnotes})
