from apps.core.http import public_page, render_page

from . import selectors
from .forms import SearchForm


@public_page(params=("q", "type", "year", "page"))
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render_page(request, "search/search.html", {"form": form, "results": None}, 400)
    data = form.cleaned_data
    results = selectors.search(
        data["q"] or "", kind=data["type"], year=data["year"], page=data["page"] or 1
    )
    return render_page(request, "search/search.html", {"form": form, "results": results})
