"""What every public page shares: conditional GET and a shared cache, both keyed on the
published-content version, which each publication bumps in its own transaction."""

import datetime
import hashlib
import logging
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language, gettext
from redis.exceptions import RedisError

from .models import ContentVersion
from .rows import AsOf

logger = logging.getLogger(__name__)

CACHEABLE_STATUS = {200, 400, 404}
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def public_page(view=None, *, params=()):
    """Serve a public page from the cache while nothing new is published.

    One query (the content version) answers a cached page or a 304. The cache
    key holds the version, so an approval makes every cached page unreachable
    at once: a reader never sees a page older than the last publication.

    ``params`` are the query parameters the page reads. Any other one (``?utm_source=…``)
    is redirected away, once and for good (301), so that junk can neither make a page
    of its own in the cache nor travel into the page's links. ``OPTIONS`` is answered
    with the methods and no body; any method but GET, HEAD and OPTIONS is refused (405).
    """
    if view is None:
        return partial(public_page, params=params)
    known = frozenset(params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(READ_METHODS)
            response["Content-Length"] = "0"
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(READ_METHODS)
        if not known.issuperset(request.GET):
            kept = [(k, v) for k, values in request.GET.lists() if k in known for v in values]
            query = urlencode(kept, safe="/")
            return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
        return served_cached(request, lambda: view(request, *args, **kwargs))

    # The view itself, uncached, for a preview of unpublished changes (``core.preview``).
    wrapped.uncached = view
    return wrapped


def served_cached(request, render) -> HttpResponse:
    """``render()``'s response, or the one in the cache, or a 304: what a page (or an API
    answer) shares once it has checked its parameters. The ETag and the cache key hold the
    content version, so a publication makes every stored answer unreachable at once."""
    number, _ = ContentVersion.current()
    language = get_language()
    etag = quote_etag(f"{number}-{language}")
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    key = _cache_key(request, number, language)
    cached = _cached(key)
    if cached is not None:
        content, content_type, status = cached
        response = HttpResponse(content, content_type=content_type, status=status)
        response["X-Cache"] = "hit"
    else:
        response = render()
        if not response.streaming and response.status_code in CACHEABLE_STATUS:
            response = _rendered(response)
            # A page larger than the bound is served but not stored: no one query can
            # fill the cache.
            if len(response.content) <= settings.PUBLIC_PAGE_CACHE_MAX_BYTES:
                _store(key, (response.content, response["Content-Type"], response.status_code))
        response["X-Cache"] = "miss"
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)  # revalidate: the ETag makes it cheap
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


# The cache only saves work: while Redis is down or restarting, pages are rendered as if
# nothing were cached, and the cache is used again as soon as it answers.
def _cached(key):
    try:
        return cache.get(key)
    except RedisError as error:
        logger.warning("Page cache unavailable, rendering without it: %s", error)
        return None


def _store(key, value):
    try:
        cache.set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    except RedisError as error:
        logger.warning("Page cache unavailable, page not stored: %s", error)


def _rendered(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def _cache_key(request, number, language) -> str:
    where = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"public:{number}:{language}:{hashlib.sha256(where).hexdigest()}"


def render_page(request, template, context, status=200):
    """A public page: a Jinja2 template (``jinja2/`` and the apps' ``jinja2/``).

    ``json_ld`` in the context is the page's structured data, ``as_of`` the moment it shows
    the data as of (``core.rows.AsOf``); pages without any need not say so."""
    context = {"json_ld": None, "as_of": None, **context}
    return render(request, template, context, status=status, using="jinja2")


class BadMoment(ValueError):
    """``?as_of=`` names no moment; the message says what it takes."""


def as_of_of(request) -> AsOf | None:
    """The moment ``?as_of=`` asks for (ISO 8601: 2024-12-01T09:00:00+09:00; without an
    offset, the site's time zone; a date alone, its first moment), or None; ``BadMoment``
    when it names none."""
    value = request.GET.get("as_of")
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadMoment(
            gettext(
                "as_of: “%(value)s” is not a date and time; write it as ISO 8601, e.g. "
                "2024-12-01T09:00:00+09:00."
            )
            % {"value": value[:40]}
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    kept = [(k, v) for k, values in request.GET.lists() if k != "as_of" for v in values]
    query = urlencode(kept, safe="/")
    return AsOf(
        moment,
        formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"),
        request.path + (f"?{query}" if query else ""),
    )


def render_listing(request, template, read_page, missing_message, empty):
    """Render a paginated public list; a page that does not exist is a readable 404.

    ``read_page(page_number)`` returns the template context of that page; ``empty``
    is the context of a page with nothing on it, which the 404 shows.
    """
    try:
        context = read_page(request.GET.get("page"))
    except InvalidPage:
        context = {**empty, "page": None, "references": [], "problem": missing_message}
        return render_page(request, template, context, status=404)
    return render_page(request, template, {"problem": None, **context})
