from django import template

from apps.reactions import fragments

register = template.Library()


@register.simple_tag
def reaction_items(reactions):
    """``{% reaction_items reactions %}``: the list items of a group of reactions."""
    return fragments.reaction_items(reactions)
