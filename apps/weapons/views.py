from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing

from .selectors import systems_with_reports


@public_page
def weapon_list(request):
    def read_page(number):
        page, systems, footnotes = systems_with_reports(number)
        return {"page": page, "systems": systems, "footnotes": footnotes}

    return render_listing(
        request, "weapons/list.html", read_page, _("There is no such page of weapons.")
    )
