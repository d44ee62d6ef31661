from django.utils.translation import gettext as _

from apps.claims.jsonld import reports_graph
from apps.core.http import public_page, render_listing
from apps.core.jsonld import Site

from .selectors import systems_with_reports


@public_page(params=("page",))
def weapon_list(request):
    def read_page(number):
        page, systems, references = systems_with_reports(number)
        json_ld = reports_graph(Site(request), systems) if systems else None
        return {"page": page, "systems": systems, "references": references, "json_ld": json_ld}

    return render_listing(
        request,
        "weapons/list.html",
        read_page,
        _("There is no such page of weapons."),
        empty={"systems": []},
    )
