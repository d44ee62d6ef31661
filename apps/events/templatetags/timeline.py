from django import template
from django.utils.safestring import SafeString

from apps.events import fragments

register = template.Library()


@register.simple_tag
def timeline_entries(items):
    """``{% timeline_entries group.items %}``: the list items of a month of the timeline."""
    return fragments.timeline_entries(items)


@register.simple_tag
def estimate_line(estimate):
    """``{% estimate_line estimate %}``: figure, scope, claimant, footnotes and badges."""
    return SafeString(fragments.estimate_line(estimate))
