"""Changesets in the admin: the list, and a changeset's page.

The page lists the changeset's entries with one diff each, what would stop each of them
from being published, its history and discussion, and the forms of whoever reads it: the
author describes, submits or withdraws it (and revises its entries from their own forms);
a reviewer claims it, then approves it, sends it back or rejects it, as a whole, at the
revision the page shows. ``preview/`` shows the public pages with it applied.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..forms import ChangesetCommentForm, ChangesetSubmitForm
from ..models import OPEN_STATUSES, Action, Changeset, Status
from ..selectors import changeset_history, commentable_members, members_of, review_rows
from .errors import errors_by_field, parse_id
from .preview import preview_response
from .review import ReviewedAdmin, StatusFilter, rebound


@admin.register(Changeset)
class ChangesetAdmin(ReviewedAdmin):
    list_display = ["title", "entries", "author", "submitted_at", "age", "claim", "status"]
    list_display_links = ["title"]
    list_filter = [StatusFilter, "author"]
    list_select_related = ["author", "claimed_by"]
    search_fields = ["summary", "object_repr"]
    ordering = ["submitted_at", "created_at", "pk"]
    list_per_page = 50

    def get_queryset(self, request):
        open_changes = Count("changes", filter=Q(changes__status__in=OPEN_STATUSES))
        changesets = super().get_queryset(request).visible_to(request.user)
        return changesets.annotate(size=open_changes)

    @admin.display(description=_("changeset"), ordering="summary")
    def title(self, obj):
        return obj.summary or gettext("(draft)")

    @admin.display(description=_("entries"))
    def entries(self, obj):
        return f"{obj.size}: {obj.object_repr}" if obj.is_open else obj.object_repr

    @admin.display(description=_("age"), ordering="submitted_at")
    def age(self, obj):
        return timesince(obj.submitted_at) if obj.is_open and obj.submitted_at else ""

    @admin.display(description=_("claimed by"))
    def claim(self, obj):
        return obj.claimed_by if obj.claim_holder_id() else ""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/submit/",
                wrap(self.submit_view),
                name="moderation_changeset_submit",
            ),
            path(
                "<path:object_id>/withdraw/",
                wrap(self.withdraw_view),
                name="moderation_changeset_withdraw",
            ),
            path(
                "<path:object_id>/claim/", wrap(self.claim_view), name="moderation_changeset_claim"
            ),
            path(
                "<path:object_id>/comment/",
                wrap(self.comment_view),
                name="moderation_changeset_comment",
            ),
            path(
                "<path:object_id>/comment/<int:comment_id>/resolve/",
                wrap(self.resolve_view),
                name="moderation_changeset_resolve",
            ),
            # Not behind the admin's login redirect: anyone who may not see it gets a 404.
            path(
                "<path:object_id>/preview/",
                self.preview_view,
                name="moderation_changeset_preview",
            ),
            *super().get_urls(),
        ]

    claimed_message = _("You claimed this changeset: other reviewers see you review it.")

    def subject(self, request, object_id) -> Changeset:
        return self._changeset(request, object_id)

    def decisions(self, changeset) -> dict:
        def approve(reviewer, form):
            services.changeset_approve(
                changeset=changeset,
                reviewer=reviewer,
                revision=form.cleaned_data["revision"],
                corrections={
                    int(key.lstrip("_")): form.decision(key) for key, *_ in form.corrected
                },
            )

        return {
            "_approve": (approve, gettext("Approved: every entry of the changeset is published.")),
            "_request_changes": (
                lambda reviewer, form: services.changeset_request_changes(
                    changeset=changeset,
                    reviewer=reviewer,
                    revision=form.cleaned_data["revision"],
                    note=form.cleaned_data["note"],
                ),
                gettext("Sent back to the author with your comment."),
            ),
            "_reject": (
                lambda reviewer, form: services.changeset_reject(
                    changeset=changeset,
                    reviewer=reviewer,
                    revision=form.cleaned_data["revision"],
                    reason=form.cleaned_data["note"],
                ),
                gettext("Rejected; the author sees your reason."),
            ),
        }

    def corrected(self, changeset) -> list:
        if changeset.status != Status.PENDING:
            return []
        return [
            (f"_{change.pk}", change.object_repr, selectors.substance_of(change))
            for change in members_of(changeset)
            if change.action == Action.UPDATE
        ]

    def claim_for_review(self, changeset, reviewer):
        services.changeset_claim(changeset=changeset, reviewer=reviewer)

    def release_claim(self, changeset, reviewer):
        services.changeset_release(changeset=changeset, reviewer=reviewer)

    def _changeset(self, request, object_id) -> Changeset:
        changeset = get_object_or_404(
            Changeset.objects.select_related("author", "reviewer", "claimed_by"),
            pk=parse_id(object_id),
        )
        if not self.has_view_permission(request, changeset):
            raise PermissionDenied
        if changeset.is_private and changeset.author_id != request.user.pk:
            raise PermissionDenied  # never submitted: its author's alone
        return changeset

    # --- the page ---------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        changeset = self._changeset(request, object_id)
        form = self.review_form(changeset)
        if request.method == "POST":
            form = self.review_form(changeset, request.POST)
            if self._decide(request, changeset, form):
                return redirect(request.path)
            changeset.refresh_from_db()
            form = rebound(form, revision=changeset.revision)
        return self._page(request, changeset, form)

    def _page(self, request, changeset, review_form, *, comment_form=None, submit_form=None):
        changes = members_of(changeset)
        user = request.user
        is_author = changeset.author_id == user.pk
        reviews = services.can_review(user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(changeset),
            "changeset": changeset,
            "members": review_rows(changeset, changes, user=user),
            "history": changeset_history(changeset, changes),
            "review_form": review_form,
            "can_review": reviews and changeset.status == Status.PENDING,
            "can_reject": reviews
            and changeset.status in (Status.PENDING, Status.CHANGES_REQUESTED),
            "is_author": is_author,
            "submit_form": submit_form
            or ChangesetSubmitForm(initial={"edit_summary": changeset.summary}),
            "can_submit": is_author
            and changeset.status in (Status.DRAFT, Status.CHANGES_REQUESTED),
            "can_discuss": services.may_discuss(user, changeset),
            "comment_form": comment_form
            or ChangesetCommentForm(choices=commentable_members(changes)),
            "claim_holder": changeset.claimed_by if changeset.claim_holder_id() else None,
            "can_preview": services.may_preview(user, changeset) and bool(changes),
        }
        return TemplateResponse(request, "admin/moderation/changeset.html", context)

    # --- the author's actions -------------------------------------------------------------
    def submit_view(self, request, object_id):
        """Describe the changeset (``_describe``) or submit it for review."""
        changeset = self._changeset(request, object_id)
        if request.method != "POST":
            return redirect(changeset)
        form = ChangesetSubmitForm(request.POST)
        if form.is_valid():
            summary = form.cleaned_data["edit_summary"]
            try:
                if "_describe" in request.POST:
                    services.changeset_describe(
                        changeset=changeset, author=request.user, summary=summary
                    )
                    messages.success(request, gettext("The summary is saved."))
                else:
                    services.changeset_submit(
                        changeset=changeset, author=request.user, summary=summary
                    )
                    messages.success(
                        request,
                        gettext("Submitted: reviewers are told, and decide on all of it at once."),
                    )
                return redirect(changeset)
            except ValidationError as exc:
                for field, errors in errors_by_field(exc).items():
                    form.add_error("edit_summary" if field == "summary" else None, errors)
            except services.ModerationError as exc:
                form.add_error(None, str(exc))
        changeset.refresh_from_db()
        review_form = self.review_form(changeset)
        return self._page(request, changeset, review_form, submit_form=form)

    def withdraw_view(self, request, object_id):
        changeset = self._changeset(request, object_id)
        if changeset.author_id != request.user.pk:
            raise PermissionDenied
        if request.method == "POST" and changeset.is_open:
            try:
                services.changeset_withdraw(changeset=changeset, author=request.user)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, gettext("Withdrawn, with every entry in it."))
            return redirect(changeset)
        if not changeset.is_open:
            return redirect(changeset)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Withdraw the changeset “%(summary)s”?")
            % {"summary": changeset.summary or changeset.object_repr},
            "change": changeset,
        }
        return TemplateResponse(request, "admin/moderation/withdraw_confirm.html", context)

    # --- review: discussion -----------------------------------------------------------------
    def comment_view(self, request, object_id):
        changeset = self._changeset(request, object_id)
        if request.method != "POST":
            return redirect(changeset)
        changes = members_of(changeset)
        form = ChangesetCommentForm(request.POST, choices=commentable_members(changes))
        if form.is_valid():
            about, _, field = form.cleaned_data["about"].partition(":")
            member = next((c for c in changes if str(c.pk) == about), None)
            try:
                services.comment_add(
                    changeset=changeset,
                    change=member,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    field=field,
                )
            except ValidationError as exc:
                for name, errors in errors_by_field(exc).items():
                    form.add_error("about" if name == "field" else None, errors)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
                return redirect(changeset)
            else:
                messages.success(request, gettext("Your comment is added."))
                return redirect(f"{changeset.get_absolute_url()}#change-history")
        review_form = self.review_form(changeset)
        return self._page(request, changeset, review_form, comment_form=form)

    def preview_view(self, request, object_id):
        changeset = get_object_or_404(Changeset, pk=parse_id(object_id))
        return preview_response(
            request,
            subject=changeset,
            changes=members_of(changeset),
            preview_url=reverse("admin:moderation_changeset_preview", args=[changeset.pk]),
        )
