"""What every page of the review shares: the queue's filters, the read-only admin of
changes, and the decision, claim and comments of a change or changeset's page."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..forms import ReviewForm
from ..models import Comment, Status
from .errors import errors_by_field


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Status.choices, ("all", _("all"))]

    def choices(self, changelist):
        value = self.value() or Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class KindFilter(admin.SimpleListFilter):
    title = _("kind of entry")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(t.label, t.model._meta.verbose_name) for t in selectors.entry_types_sorted()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        app_label, _, model = self.value().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"
    AGES = {"day": 1, "week": 7, "month": 30}

    def lookups(self, request, model_admin):
        return [
            ("day", _("older than a day")),
            ("week", _("older than a week")),
            ("month", _("older than a month")),
        ]

    def queryset(self, request, queryset):
        days = self.AGES.get(self.value())
        if days is None:
            return queryset
        return queryset.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes are decided through the services, never edited or deleted as rows."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewedAdmin(ReadOnlyAdmin):
    """What a change's page and a changeset's share: the reviewer's decision on the
    revision the page showed, the claim, and resolving a comment.

    Subclasses say how to read the subject from the URL (``subject``), which service each
    button calls (``decisions``) and which claims it (``claim_for_review``, ``release_claim``).
    """

    claimed_message = _("You claimed this change: other reviewers see you review it.")

    def subject(self, request, object_id):
        raise NotImplementedError

    def decisions(self, subject) -> dict:
        """Button name → (service call taking the reviewer and the valid review form, what
        to say)."""
        raise NotImplementedError

    def corrected(self, subject) -> list:
        """(key, entry, what it alters of the substance) of each edit the review form asks a
        correction for (``ReviewForm``)."""
        raise NotImplementedError

    def review_form(self, subject, data=None) -> ReviewForm:
        return ReviewForm(
            data, initial={"revision": subject.revision}, corrected=self.corrected(subject)
        )

    def claim_for_review(self, subject, reviewer):
        raise NotImplementedError

    def release_claim(self, subject, reviewer):
        raise NotImplementedError

    def _decide(self, request, subject, form) -> bool:
        """Call the service of the button pressed, for the revision the page showed."""
        if not form.is_valid():
            messages.error(
                request, gettext("The page did not say which revision you reviewed: reload it.")
            )
            return False
        pressed = [name for name in self.decisions(subject) if name in request.POST]
        if not pressed:
            messages.error(request, gettext("Choose approve, request changes or reject."))
            return False
        decide, done = self.decisions(subject)[pressed[0]]
        try:
            decide(request.user, form)
        except ValidationError as exc:
            for field, errors in errors_by_field(exc).items():
                if field in form.fields:
                    form.add_error(field, errors)
                else:
                    for message in errors:
                        messages.error(request, message)
            return False
        except services.ModerationError as exc:
            messages.error(request, str(exc))
            return False
        messages.success(request, done)
        return True

    def claim_view(self, request, object_id):
        """Claim it for review, or give the claim up."""
        subject = self.subject(request, object_id)
        if request.method == "POST":
            try:
                if "_release" in request.POST:
                    self.release_claim(subject, request.user)
                else:
                    self.claim_for_review(subject, request.user)
                    messages.success(request, self.claimed_message)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
        return redirect(subject)

    def resolve_view(self, request, object_id, comment_id):
        subject = self.subject(request, object_id)
        owner = "changeset" if subject.is_changeset else "change"
        comment = get_object_or_404(Comment, pk=comment_id, **{owner: subject})
        if request.method == "POST":
            try:
                services.comment_resolve(
                    comment=comment, user=request.user, resolved="_reopen" not in request.POST
                )
            except services.ModerationError as exc:
                messages.error(request, str(exc))
        return redirect(f"{subject.get_absolute_url()}#change-history")


def rebound(form, **values):
    """The same form, bound to what was posted with ``values`` replacing some of it."""
    data = form.data.copy()
    for name, value in values.items():
        data[name] = str(value)
    rebound = type(form)(data, corrected=form.corrected)
    rebound.is_valid()
    for field, errors in form.errors.items():
        if field not in values:
            rebound.add_error(None if field == "__all__" else field, errors)
    return rebound
