from django import template
from django.utils.safestring import SafeString

from apps.claims import fragments

register = template.Library()


@register.simple_tag
def claim_badges(entry):
    """``{% claim_badges entry %}``: status, rank and single-origin badges."""
    return SafeString(fragments.claim_badges(entry))
