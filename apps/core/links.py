"""Fast public URLs: pages list hundreds of links, and ``reverse()`` is slow."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = "0placeholder0"


@lru_cache(maxsize=64)
def _pattern(name: str, prefix: str) -> str:
    # ``prefix`` is part of the key: the reversed URL depends on it.
    return reverse(name, args=[_PLACEHOLDER])


@lru_cache(maxsize=64)
def _fixed(name: str, prefix: str) -> str:
    return reverse(name)


def url_with_slug(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])`` for a URL pattern taking one slug, cached."""
    return _pattern(name, get_script_prefix()).replace(_PLACEHOLDER, slug)


def slug_urls(name: str):
    """``url_with_slug`` for a whole page of slugs: ``urls = slug_urls(name); urls(slug)``."""
    before, _, after = _pattern(name, get_script_prefix()).partition(_PLACEHOLDER)
    return lambda slug: f"{before}{slug}{after}"


def site_origin(request) -> str:
    """``https://host``, to prefix the paths of a page's many absolute URLs.

    ``request.build_absolute_uri`` validates the host on every call; a page of
    JSON-LD or an export builds thousands of URLs.
    """
    return f"{request.scheme}://{request.get_host()}"


def url_of(name: str) -> str:
    """``reverse(name)`` for a URL without arguments, cached."""
    return _fixed(name, get_script_prefix())
