from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.moderation.models import ChangeRequest, Changeset, Comment
from apps.moderation.signals import ChangeEvent


class MailChoice(models.TextChoices):
    EACH = "each", _("one mail for each notification")
    DIGEST = "digest", _("one mail a day with all of them")
    NONE = "none", _("no mail: only here in the admin")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unmailed(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One person told of one thing that happened to a proposed change or changeset."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    change = models.ForeignKey(
        ChangeRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("proposed change"),
    )
    changeset = models.ForeignKey(
        Changeset,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("changeset"),
    )
    event = models.CharField(_("what happened"), max_length=20, choices=ChangeEvent.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    revision = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__in=ChangeEvent.values), name="notification_event_valid"
            ),
            models.CheckConstraint(
                condition=Q(change__isnull=True) ^ Q(changeset__isnull=True),
                name="notification_of_change_or_changeset",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()}: {self.subject}"

    @property
    def subject(self):
        """What the notification is about: the change, or the changeset."""
        return self.change if self.change_id else self.changeset


class MailSetting(models.Model):
    """How a person wants to be mailed; without a row, one mail for each notification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_setting",
        verbose_name=_("user"),
    )
    mail = models.CharField(
        _("mail"), max_length=10, choices=MailChoice.choices, default=MailChoice.EACH
    )

    class Meta:
        verbose_name = _("mail setting")
        verbose_name_plural = _("mail settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(mail__in=MailChoice.values), name="mail_choice_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_mail_display()}"
