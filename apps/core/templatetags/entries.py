from django import template
from django.utils.safestring import SafeString

from apps.core import fragments

register = template.Library()


@register.simple_tag
def entry_links(actors=(), places=()):
    """``{% entry_links actors places %}``: the actors and places an entry links to."""
    return SafeString(fragments.entry_links(actors or (), places or ()))
