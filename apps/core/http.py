"""What every public page shares: conditional GET on the published content version."""

from django.utils.translation import get_language
from django.views.decorators.http import condition

from .models import ContentVersion


def content_etag(request, *args, **kwargs) -> str:
    number, _ = ContentVersion.current()
    return f"{number}-{get_language()}"


# One query answers a revalidation with 304 when nothing was published since.
public_page = condition(etag_func=content_etag)
