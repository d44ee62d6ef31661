from django import template

from apps.moderation.models import ChangeRequest, Changeset
from apps.moderation.selectors import desk_of
from apps.moderation.services import can_review

register = template.Library()


@register.simple_tag
def pending_change_count():
    """Changes and changesets waiting for review (a changeset counts once)."""
    alone = ChangeRequest.objects.pending().filter(changeset__isnull=True)
    return alone.count() + Changeset.objects.pending().count()


@register.simple_tag(takes_context=True)
def desk(context):
    """The front page's desk: my changes, and the queue for a reviewer."""
    user = context["request"].user
    return desk_of(user, reviews=can_review(user))
