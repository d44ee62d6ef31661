"""What every public page shares: conditional GET on the published content version."""

from django.core.paginator import InvalidPage
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import condition

from .models import ContentVersion


def content_etag(request, *args, **kwargs) -> str:
    number, _ = ContentVersion.current()
    return f"{number}-{get_language()}"


# One query answers a revalidation with 304 when nothing was published since.
public_page = condition(etag_func=content_etag)


def render_listing(request, template, read_page, missing_message):
    """Render a paginated public list; a page that does not exist is a readable 404.

    ``read_page(page_number)`` returns the template context of that page.
    """
    try:
        context = read_page(request.GET.get("page"))
    except InvalidPage:
        return render(request, template, {"problem": missing_message}, status=404)
    return render(request, template, context)
