from django import template

from apps.moderation.models import ChangeRequest

register = template.Library()


@register.simple_tag
def pending_change_count():
    return ChangeRequest.objects.pending().count()
