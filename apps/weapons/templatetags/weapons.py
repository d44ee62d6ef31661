from django import template

from apps.weapons import fragments

register = template.Library()


@register.simple_tag
def weapon_reports(reports):
    """``{% weapon_reports system.report_list %}``: the list items of a system's reports."""
    return fragments.weapon_reports(reports)
