from django.utils.translation import gettext as _

from apps.core.http import public_page, render_listing

from .selectors import reactions_by_group


@public_page(params=("page",))
def reaction_list(request):
    def read_page(number):
        page, groups, references = reactions_by_group(number)
        return {"page": page, "groups": groups, "references": references}

    return render_listing(
        request,
        "reactions/list.html",
        read_page,
        _("There is no such page of reactions."),
        empty={"groups": []},
    )
