"""The moderation queue and a change's page.

A change's page shows the diff against the state published now, the change's
revisions, requests for changes and decision in order, and the review form:
approve, request changes or reject — each bound to the revision on the page.
The author revises from there, merges a change the entry has moved on from
(``merge/``), compares revisions (``revisions/``) and withdraws (``withdraw/``).
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import selectors, services
from ..forms import CommentForm, MergeForm, WatchForm
from ..models import OPEN_STATUSES, Action, ChangeRequest, Status
from ..publishing import changeset_applied
from .errors import errors_by_field, parse_id
from .preview import preview_response
from .review import AgeFilter, KindFilter, ReviewedAdmin, StatusFilter, rebound


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What one change of a bulk approval came to."""

    url: str
    summary: str
    entry: str
    approved: bool
    message: str


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReviewedAdmin):
    list_display = ["summary", "entry", "author", "created_at", "age", "size", "claim", "state"]
    actions = ["approve_selected"]
    list_display_links = ["summary"]
    list_filter = [StatusFilter, KindFilter, "author", AgeFilter]
    list_select_related = ["author", "reviewer", "content_type", "claimed_by"]
    search_fields = ["summary", "object_repr"]
    ordering = ["created_at", "pk"]
    list_per_page = 50
    change_list_template = "admin/moderation/queue.html"

    @admin.display(description=_("entry"), ordering="content_type__model")
    def entry(self, obj):
        kind = obj.content_type.model_class()._meta.verbose_name
        entry = f"{kind}・{obj.get_action_display()}: {Truncator(obj.object_repr).chars(40)}"
        if obj.changeset_id:
            return gettext("%(entry)s (changeset #%(number)s)") % {
                "entry": entry,
                "number": obj.changeset_id,
            }
        return entry

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at) if obj.is_open else ""

    @admin.display(description=_("size"))
    def size(self, obj):
        return obj.size if obj.is_open else ""

    @admin.display(description=_("claimed by"))
    def claim(self, obj):
        return obj.claimed_by if obj.claim_holder_id() else ""

    def get_actions(self, request):
        return super().get_actions(request) if services.can_review(request.user) else {}

    @admin.action(description=_("Approve the selected changes…"))
    def approve_selected(self, request, queryset):
        """A page with every selected change's diff first; then each is approved on its
        own, at the revision that page showed, and the result of each is reported."""
        changes = list(
            queryset.select_related("author", "content_type").order_by("created_at", "pk")
        )
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Approve %(count)s changes?") % {"count": len(changes)},
                "reviews": [(change, selectors.review_of(change)) for change in changes],
                "action": request.POST.get("action", "approve_selected"),
            }
            return TemplateResponse(request, "admin/moderation/bulk_confirm.html", context)
        results = [self._approve_one(request, change) for change in changes]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Bulk approval: %(approved)s of %(count)s published")
            % {"approved": sum(r.approved for r in results), "count": len(results)},
            "results": results,
        }
        return TemplateResponse(request, "admin/moderation/bulk_results.html", context)

    @staticmethod
    def _approve_one(request, change) -> BulkResult:
        def result(approved, message):
            return BulkResult(
                change.get_absolute_url(), change.summary, change.object_repr, approved, message
            )

        try:
            revision = int(request.POST.get(f"revision_{change.pk}", ""))
        except ValueError:
            return result(False, gettext("The page did not say which revision you reviewed."))
        try:
            services.change_approve(change=change, reviewer=request.user, revision=revision)
        except ValidationError as exc:
            return result(False, " ".join(exc.messages))
        except services.ModerationError as exc:
            return result(False, str(exc))
        return result(True, gettext("Approved and published."))

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj.stale:
            return format_html(
                '<strong class="conflict">{}</strong>', gettext("conflict: merge needed")
            )
        return obj.get_status_display()

    def get_queryset(self, request):
        # A changeset's draft is its author's until it is submitted.
        return selectors.with_staleness(super().get_queryset(request).visible_to(request.user))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "pending_counts": selectors.pending_counts()}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/merge/",
                wrap(self.merge_view),
                name="moderation_changerequest_merge",
            ),
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name="moderation_changerequest_revisions",
            ),
            path("watchlist/", wrap(self.watchlist_view), name="moderation_watchlist"),
            path(
                "<path:object_id>/claim/",
                wrap(self.claim_view),
                name="moderation_changerequest_claim",
            ),
            path("watch/", wrap(self.watch_view), name="moderation_watch"),
            # Not behind the admin's login redirect: anyone who may not see it gets a 404.
            path(
                "<path:object_id>/preview/",
                self.preview_view,
                name="moderation_changerequest_preview",
            ),
            path(
                "<path:object_id>/comment/",
                wrap(self.comment_view),
                name="moderation_changerequest_comment",
            ),
            path(
                "<path:object_id>/comment/<int:comment_id>/resolve/",
                wrap(self.resolve_view),
                name="moderation_changerequest_resolve",
            ),
            path(
                "<path:object_id>/withdraw/",
                wrap(self.withdraw_view),
                name="moderation_changerequest_withdraw",
            ),
            *super().get_urls(),
        ]

    def subject(self, request, object_id) -> ChangeRequest:
        return self._change(request, object_id)

    def decisions(self, change) -> dict:
        def approve(reviewer, form):
            correction, not_substantive = form.decision()
            services.change_approve(
                change=change,
                reviewer=reviewer,
                revision=form.cleaned_data["revision"],
                correction=correction,
                not_substantive=not_substantive,
            )

        return {
            "_approve": (approve, gettext("Approved and published.")),
            "_request_changes": (
                lambda reviewer, form: services.change_request_changes(
                    change=change,
                    reviewer=reviewer,
                    revision=form.cleaned_data["revision"],
                    note=form.cleaned_data["note"],
                ),
                gettext("Sent back to the author with your comment."),
            ),
            "_reject": (
                lambda reviewer, form: services.change_reject(
                    change=change,
                    reviewer=reviewer,
                    revision=form.cleaned_data["revision"],
                    reason=form.cleaned_data["note"],
                ),
                gettext("Rejected; the author sees your reason."),
            ),
        }

    def corrected(self, change) -> list:
        if change.action != Action.UPDATE or not change.is_open or change.changeset_id:
            return []
        return [("", None, selectors.substance_of(change))]

    def claim_for_review(self, change, reviewer):
        services.change_claim(change=change, reviewer=reviewer)

    def release_claim(self, change, reviewer):
        services.change_release(change=change, reviewer=reviewer)

    def _change(self, request, object_id) -> ChangeRequest:
        change = get_object_or_404(
            ChangeRequest.objects.select_related("author", "reviewer", "content_type", "changeset"),
            pk=parse_id(object_id),
        )
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        if change.is_private and change.author_id != request.user.pk:
            raise PermissionDenied  # a changeset never submitted is its author's alone
        return change

    def _context(self, request, change, entry_exists=None, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "change": change,
            "links": selectors.entry_links(change, entry_exists),
            **extra,
        }

    # --- the change's page: review ------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self._change(request, object_id)
        form = self.review_form(change)
        if request.method == "POST":
            form = self.review_form(change, request.POST)
            if self._decide(request, change, form):
                return redirect(request.path)
            # Refused: the page shows the change as it is now, and the form the revision
            # it shows, with the reviewer's comment kept.
            change.refresh_from_db()
            form = rebound(form, revision=change.revision)
        return self._review_page(request, change, form)

    def _review_page(self, request, change, form, comment_form=None):
        is_author = change.author_id == request.user.pk
        with changeset_applied(change.changeset, excluding=change):
            review = selectors.review_of(change)
        # A change of a changeset is decided with it, on the changeset's page.
        reviews = services.can_review(request.user) and change.changeset_id is None
        context = self._context(
            request,
            change,
            review.entry_exists,
            title=str(change),
            review=review,
            history=selectors.change_history(change),
            review_form=form,
            can_review=reviews and change.status == Status.PENDING,
            can_reject=reviews and change.is_open,
            is_author=is_author,
            revise_url=selectors.revise_url(change) if is_author else None,
            reopen_url=selectors.reopen_url(change),
            show_all_fields=change.action != Action.UPDATE,
            comment_form=comment_form or CommentForm(fields=selectors.commentable_fields(change)),
            can_discuss=services.may_discuss(request.user, change),
            claim_holder=change.claimed_by if change.claim_holder_id() else None,
            preview_url=self._preview_url(request, change),
        )
        return TemplateResponse(request, "admin/moderation/change_review.html", context)

    @staticmethod
    def _preview_url(request, change) -> str | None:
        """The preview of the change, or of the changeset it is part of."""
        subject = change.changeset if change.changeset_id else change
        if not services.may_preview(request.user, subject):
            return None
        if change.changeset_id:
            return reverse("admin:moderation_changeset_preview", args=[change.changeset_id])
        return reverse("admin:moderation_changerequest_preview", args=[change.pk])

    # --- merging with what was published meanwhile ------------------------------
    def merge_view(self, request, object_id):
        change = self._change(request, object_id)
        if change.author_id != request.user.pk:
            raise PermissionDenied
        preview = selectors.merge_preview(change)
        if preview is None:
            messages.info(request, gettext("Nothing to merge: the change is up to date."))
            return redirect(change)
        form = self._merge_form(request.POST or None, change, preview)
        if request.method == "POST" and form.is_valid():
            try:
                services.change_merge(
                    change=change,
                    author=request.user,
                    summary=form.cleaned_data["edit_summary"],
                    choices=form.choices(),
                    revision=form.cleaned_data["revision"],
                    seen_version=form.cleaned_data["seen_version"],
                )
            except ValidationError as exc:
                for field, errors in errors_by_field(exc).items():
                    form.add_error(form.field_for(field) if field else None, errors)
            except services.ModerationError as exc:
                # Published or revised meanwhile: show the merge as it is now. Text merged
                # by hand is kept; the choices are made again, on what is published now.
                messages.error(request, str(exc))
                change.refresh_from_db()
                preview = selectors.merge_preview(change)
                if preview is None:
                    return redirect(change)
                kept = {
                    name: value
                    for name, value in request.POST.items()
                    if name == "edit_summary" or name.startswith("edit_")
                }
                form = self._merge_form(None, change, preview, **kept)
            else:
                messages.success(
                    request,
                    gettext(
                        "Merged: the new revision awaits review against the published version."
                    ),
                )
                return redirect(change)
        context = self._context(
            request,
            change,
            title=gettext("Merge “%(summary)s” with the published version")
            % {"summary": change.summary},
            preview=preview,
            form=form,
            rows=[
                (row, form.pick_field(row.conflict), form.edit_field(row.conflict))
                for row in preview.conflicts
            ],
        )
        return TemplateResponse(request, "admin/moderation/merge.html", context)

    @staticmethod
    def _merge_form(data, change, preview, **kept):
        """The merge form for ``preview``; ``kept``: what the author wrote, shown again."""
        return MergeForm(
            data,
            conflicts=[row.conflict for row in preview.conflicts],
            initial={
                "edit_summary": change.summary,
                "revision": change.revision,
                "seen_version": preview.current_version,
                **kept,
            },
        )

    # --- the public pages with the change applied -----------------------------------
    def preview_view(self, request, object_id):
        change = get_object_or_404(
            ChangeRequest.objects.select_related("changeset"), pk=parse_id(object_id)
        )
        subject = change.changeset if change.changeset_id else change
        if not services.may_preview(request.user, subject):
            raise Http404(gettext("There is no such preview."))
        if change.changeset_id is not None:
            url = reverse("admin:moderation_changeset_preview", args=[change.changeset_id])
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
        return preview_response(
            request,
            subject=change,
            changes=[change],
            preview_url=reverse("admin:moderation_changerequest_preview", args=[change.pk]),
        )

    # --- comparing revisions -------------------------------------------------------
    def revisions_view(self, request, object_id):
        change = self._change(request, object_id)
        try:
            older = parse_id(request.GET.get("from", 1))
            newer = parse_id(request.GET.get("to", change.revision))
            comparison = selectors.compare_revisions(change, older, newer)
        except LookupError:
            messages.error(request, gettext("This change has no such revision."))
            return redirect(change)
        context = self._context(
            request,
            change,
            title=gettext("Revisions %(older)s and %(newer)s of “%(summary)s”")
            % {"older": older, "newer": newer, "summary": change.summary},
            comparison=comparison,
        )
        return TemplateResponse(request, "admin/moderation/compare_revisions.html", context)

    # --- withdrawing, once confirmed -------------------------------------------------
    # --- discussion ---------------------------------------------------------------
    def comment_view(self, request, object_id):
        change = self._change(request, object_id)
        if request.method != "POST":
            return redirect(change)
        form = CommentForm(request.POST, fields=selectors.commentable_fields(change))
        if form.is_valid():
            try:
                services.comment_add(
                    change=change,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    field=form.cleaned_data["field"],
                )
            except ValidationError as exc:
                for field, errors in errors_by_field(exc).items():
                    form.add_error(field if field in form.fields else None, errors)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
                return redirect(change)
            else:
                messages.success(request, gettext("Your comment is added."))
                return redirect(f"{change.get_absolute_url()}#change-history")
        # The page again, with the comment as typed and what is wrong with it.
        review_form = self.review_form(change)
        return self._review_page(request, change, review_form, comment_form=form)

    # --- the watchlist ----------------------------------------------------------------
    def watchlist_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("My watchlist"),
            "watchlist": selectors.watchlist_of(request.user),
            "days": selectors.WATCHLIST_DAYS,
        }
        return TemplateResponse(request, "admin/moderation/watchlist.html", context)

    def watch_view(self, request):
        """Start (with an optional end date) or stop watching the entry the form names."""
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = reverse("admin:moderation_watchlist")
        if request.method != "POST":
            return redirect(back)
        form = WatchForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(
                        request,
                        f"{form.fields[field].label}: {error}" if field in form.fields else error,
                    )
            return redirect(back)
        model, object_id = form.cleaned_data["entry_type"], form.cleaned_data["object_id"]
        try:
            if "_stop" in request.POST:
                services.watch_stop(user=request.user, model=model, object_id=object_id)
                messages.success(request, gettext("You no longer watch this entry."))
            else:
                services.watch_start(
                    user=request.user,
                    model=model,
                    object_id=object_id,
                    until=form.cleaned_data["until"],
                )
                messages.success(request, gettext("You watch this entry: it is on your watchlist."))
        except (ValidationError, services.ModerationError) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        return redirect(back)

    def withdraw_view(self, request, object_id):
        change = self._change(request, object_id)
        if change.author_id != request.user.pk:
            raise PermissionDenied
        if change.status not in OPEN_STATUSES:
            return redirect(change)
        if request.method == "POST":
            try:
                services.change_withdraw(change=change, user=request.user)
            except services.ModerationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, gettext("Withdrawn."))
            return redirect(change)
        context = self._context(
            request, change, title=gettext("Withdraw “%(summary)s”?") % {"summary": change.summary}
        )
        return TemplateResponse(request, "admin/moderation/withdraw_confirm.html", context)
