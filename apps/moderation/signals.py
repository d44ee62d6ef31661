"""What happens to a proposed change, announced to whoever listens (the notifications).

The moderation services send ``change_event`` inside their transaction, after their
write: a receiver that writes takes part in that transaction (an approval that fails
later leaves no notification behind), and one that reaches outside, such as mail, waits
for the commit (``transaction.on_commit``).
"""

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class ChangeEvent(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for review")
    RESUBMITTED = "resubmitted", _("revised and resubmitted")
    APPROVED = "approved", _("approved and published")
    REJECTED = "rejected", _("rejected")
    SENT_BACK = "sent_back", _("sent back for changes")
    COMMENTED = "commented", _("commented on")
    MENTIONED = "mentioned", _("mentioned you on")
    WATCHED = "watched", _("published an entry you watch")


# Arguments: change (the ChangeRequest, or the Changeset reviewed as one), event (a
# ChangeEvent), actor (who did it), and comment (the Comment, for COMMENTED).
change_event = Signal()


def announce(change, event: ChangeEvent, actor, comment=None) -> None:
    change_event.send(sender=type(change), change=change, event=event, actor=actor, comment=comment)
