from django import template

from ..selectors import unread_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    return unread_of(context["request"].user)
