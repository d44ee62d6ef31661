"""Each person's own notifications in the admin, and how they want to be mailed."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.moderation.admin.review import ReadOnlyAdmin

from .models import MailChoice, MailSetting, Notification
from .services import mail_setting_update, notifications_mark_read


class MailSettingForm(forms.Form):
    mail = forms.ChoiceField(
        label=_("Mail me"), choices=MailChoice.choices, widget=forms.RadioSelect
    )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Everyone on the desk sees their own notifications, and nobody else's."""

    list_display = ["created_at", "event", "change_link", "actor", "is_read"]
    list_filter = [("read_at", admin.EmptyFieldListFilter), "event"]
    list_select_related = ["change", "changeset", "actor"]
    actions = ["mark_read"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    # Any staff member may see their own: no model permission is needed.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    @admin.display(description=_("proposed change"))
    def change_link(self, obj):
        return obj.subject.headline

    @admin.display(description=_("read"), boolean=True, ordering="read_at")
    def is_read(self, obj):
        return obj.read_at is not None

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        count = notifications_mark_read(
            user=request.user, ids=list(queryset.values_list("pk", flat=True))
        )
        messages.success(request, gettext("%(count)s marked as read.") % {"count": count})

    def get_urls(self):
        return [
            path(
                "settings/",
                self.admin_site.admin_view(self.settings_view),
                name="notifications_mail_settings",
            ),
            path(
                "read-all/",
                self.admin_site.admin_view(self.read_all_view),
                name="notifications_read_all",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a notification marks it read and goes to the change it is about."""
        notification = get_object_or_404(self.get_queryset(request), pk=object_id)
        notifications_mark_read(user=request.user, ids=[notification.pk])
        return redirect(notification.subject)

    def read_all_view(self, request):
        if request.method == "POST":
            notifications_mark_read(user=request.user)
            messages.success(request, gettext("All your notifications are marked as read."))
        return redirect("admin:notifications_notification_changelist")

    def settings_view(self, request):
        current = (
            MailSetting.objects.filter(user=request.user).values_list("mail", flat=True).first()
        )
        form = MailSettingForm(request.POST or None, initial={"mail": current or MailChoice.EACH})
        if request.method == "POST" and form.is_valid():
            mail_setting_update(user=request.user, mail=form.cleaned_data["mail"])
            messages.success(request, gettext("Your mail setting is saved."))
            return redirect("admin:notifications_mail_settings")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("How you are mailed"),
            "form": form,
            "has_email": bool(request.user.email),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/notifications/mail_settings.html", context)
