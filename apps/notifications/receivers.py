from django.dispatch import receiver

from apps.moderation.signals import change_event

from .services import notifications_create


@receiver(change_event, dispatch_uid="notifications_on_change_event")
def _notify(sender, change, event, actor, comment=None, **kwargs):
    notifications_create(change=change, event=event, actor=actor, comment=comment)
