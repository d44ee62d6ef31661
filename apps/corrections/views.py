from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing

from . import selectors


@public_page(params=("page",))
def correction_list(request):
    def read_page(number):
        page, corrections = selectors.correction_list(number)
        return {"page": page, "corrections": corrections}

    return render_listing(
        request,
        "corrections/list.html",
        read_page,
        _("There is no such page of corrections."),
        empty={"corrections": []},
    )
