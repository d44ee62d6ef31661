"""The admin: editing an entry proposes a change; reviewers decide in the queue.

``EntryAdmin`` is the base of every content admin. It never saves an entry:
the add, change and delete views create a ``ChangeRequest`` through the
services, and history, compare, restore and recover are views of stored
versions that also end in a proposal.
"""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import selectors, services
from .diff import Names, diff_states
from .forms import CitationForm, CitationFormSet, EditSummaryForm, EntryForm, RejectForm
from .models import Action, ChangeRequest, Decision, Status
from .registry import entry_type_for
from .state import state_from_form, state_of


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


class CitationInline(admin.TabularInline):
    """The citations of an entry, in order. Concrete inlines set ``model``."""

    form = CitationForm
    formset = CitationFormSet
    fields = ["position", "source", "via", "via_note"]
    autocomplete_fields = ["source", "via"]
    extra = 1

    # Citations are part of their entry: whoever may edit the entry edits them.
    def _entry_permission(self, request, obj=None):
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") or (
            obj is None and request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        )

    def has_add_permission(self, request, obj=None):
        return self._entry_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._entry_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._entry_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        opts = self.parent_model._meta
        return self._entry_permission(request, obj) or request.user.has_perm(
            f"{opts.app_label}.view_{opts.model_name}"
        )

    def get_extra(self, request, obj=None, **kwargs):
        return len(getattr(request, "_citation_initial", [])) + 1


class EntryAdmin(admin.ModelAdmin):
    form = EntryForm
    actions = None  # "delete selected" would bypass review
    list_per_page = 50
    change_form_template = "admin/moderation/entry_change_form.html"
    change_list_template = "admin/moderation/entry_change_list.html"
    delete_confirmation_template = "admin/moderation/entry_delete_confirmation.html"

    @property
    def entry_type(self):
        return entry_type_for(self.model)

    # --- editing is proposing -------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (_("Edit summary"), {"fields": ["edit_summary"]}),
        ]

    def revising(self, request):
        """The pending change being revised (``?revise=<id>``), if its author asks.

        Looked up once per request: the form, the inlines and the save all ask.
        """
        if not hasattr(request, "_revising"):
            request._revising = self._find_revised_change(request)
        return request._revising

    def _find_revised_change(self, request):
        pk = request.GET.get("revise")
        if not pk:
            return None
        change = ChangeRequest.objects.filter(
            pk=pk, content_type=ContentType.objects.get_for_model(self.model)
        ).first()
        if change is None or not change.is_pending or change.action == Action.DELETE:
            raise Http404(gettext("No pending change to revise."))
        if change.author_id != request.user.pk:
            raise PermissionDenied
        return change

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        proposal = self.revising(request)
        if proposal is None or request.method == "POST":
            return form_class
        initial = form_initial(proposal.proposed_state)
        initial["edit_summary"] = proposal.summary

        class Prefilled(form_class):
            def __init__(self, *args, **kw):
                kw["initial"] = {**(kw.get("initial") or {}), **initial}
                super().__init__(*args, **kw)

        return Prefilled

    def get_formsets_with_inlines(self, request, obj=None):
        if request.method != "POST" and not hasattr(request, "_citation_initial"):
            request._citation_initial = self._citation_initial(request, obj)
        yield from super().get_formsets_with_inlines(request, obj)

    def _citation_initial(self, request, obj):
        proposal = self.revising(request)
        if proposal is not None:
            rows = proposal.proposed_state.get("citations", [])
        elif obj is not None and self.entry_type.citation_model:
            rows = state_of(obj)["citations"]
        else:
            rows = []
        return [
            {
                "source": row["source"],
                "via": row.get("via"),
                "via_note": row.get("via_note", ""),
                "position": i,
            }
            for i, row in enumerate(rows, start=1)
        ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CitationInline):
            # Every citation row is "new": the list as a whole is the proposal.
            kwargs["queryset"] = inline.model.objects.none()
            if request.method != "POST":
                kwargs["initial"] = request._citation_initial
        return kwargs

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: the proposal is made in ``save_related``."""

    def save_related(self, request, form, formsets, change):
        rows = next((fs.citation_rows() for fs in formsets if isinstance(fs, CitationFormSet)), [])
        state = state_from_form(self.entry_type, form.instance, form.cleaned_data, rows)
        summary = form.cleaned_data["edit_summary"]
        proposal = self.revising(request)
        try:
            if proposal is not None:
                request._proposal = services.change_revise(
                    change=proposal, author=request.user, summary=summary, state=state
                )
            else:
                target = self.model._base_manager.get(pk=form.instance.pk) if change else None
                request._proposal = services.change_propose(
                    author=request.user,
                    model=self.model,
                    summary=summary,
                    state=state,
                    target=target,
                )
        except (ValidationError, services.ModerationError) as exc:
            request._proposal = None
            for message in _errors(exc):
                messages.error(request, message)

    def construct_change_message(self, request, form, formsets, add=False):
        return ""

    def log_addition(self, request, obj, message):
        """The proposed change is the record; nothing was added yet."""

    def log_change(self, request, obj, message):
        """The proposed change is the record; nothing was changed yet."""

    def log_deletion(self, request, obj, object_repr):
        """The proposed change is the record; nothing was deleted yet."""

    def _after_proposal(self, request):
        proposal = getattr(request, "_proposal", None)
        if proposal is None:
            return HttpResponseRedirect(request.get_full_path())
        messages.success(
            request,
            gettext(
                "Your change awaits review: “%(summary)s”. The published entry does not change "
                "until a reviewer approves it."
            )
            % {"summary": proposal.summary},
        )
        return redirect(proposal)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_proposal(request)

    def response_change(self, request, obj):
        return self._after_proposal(request)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "show_save_as_new": False,
                "revising": self.revising(request),
                "pending_changes": selectors.pending_changes_for(self.model, obj.pk) if obj else [],
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- deleting is proposing too -------------------------------------------
    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "POST":
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            form = EditSummaryForm(request.POST)
            if not form.is_valid():
                messages.error(request, gettext("Describe the deletion in an edit summary."))
                return HttpResponseRedirect(request.get_full_path())
            try:
                request._proposal = services.change_propose_deletion(
                    author=request.user, target=obj, summary=form.cleaned_data["edit_summary"]
                )
            except (ValidationError, services.ModerationError) as exc:
                for message in _errors(exc):
                    messages.error(request, message)
                return HttpResponseRedirect(request.get_full_path())
            return self._after_proposal(request)
        extra_context = {
            **(extra_context or {}),
            "summary_form": EditSummaryForm(),
            "blockers": services.references_to(obj) if obj is not None else [],
        }
        return super().delete_view(request, object_id, extra_context)

    # --- history, compare, restore, recover ----------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        wrap = self.admin_site.admin_view
        return [
            path("recover/", wrap(self.recover_list_view), name="{}_{}_recoverlist".format(*info)),
            path(
                "recover/<int:version_id>/",
                wrap(self.restore_view),
                name="{}_{}_recover".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history = selectors.entry_history(self.model, unquote(object_id))
        if history.is_unknown:
            raise Http404(gettext("This entry has no history."))
        page = Paginator(history.versions, 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("History: %(entry)s") % {"entry": history.label},
            "history": history,
            "page": page,
            "rows": selectors.version_rows(page.object_list),
            "proposals": history.proposals[:100],
            "can_restore": self.has_change_permission(request) or self.has_add_permission(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/moderation/entry_history.html", context)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        older = self._version_or_current(request.GET.get("from"), object_id)
        newer = self._version_or_current(request.GET.get("to"), object_id)
        names = Names(self.entry_type, [older["state"], newer["state"]])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Compare versions"),
            "object_id": object_id,
            "older": older,
            "newer": newer,
            "diff": diff_states(self.entry_type, older["state"], newer["state"], names),
        }
        return TemplateResponse(request, "admin/moderation/compare.html", context)

    def _version_or_current(self, value, object_id):
        if value == "current":
            entry = self.model._base_manager.filter(pk=object_id).first()
            if entry is None:
                raise Http404(gettext("The entry is deleted; compare stored versions."))
            return {"label": gettext("current published state"), "state": state_of(entry)}
        try:
            version = selectors.version_of(self.model, object_id, int(value))
        except (TypeError, ValueError, Version.DoesNotExist):
            raise Http404(gettext("No such version of this entry.")) from None
        return {
            "label": selectors.version_label(version),
            "state": selectors.state_of_version(version),
        }

    def restore_view(self, request, version_id, object_id=None):
        recovering = object_id is None
        allowed = (
            self.has_add_permission(request) if recovering else self.has_change_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_model(self.model).select_related("revision"), pk=version_id
        )
        if object_id is not None and version.object_id != unquote(object_id):
            raise Http404
        label = selectors.version_label(version)
        form = EditSummaryForm(
            request.POST or None,
            initial={"edit_summary": gettext("Restore %(version)s") % {"version": label}},
        )
        if request.method == "POST" and form.is_valid():
            try:
                request._proposal = services.change_propose_restore(
                    author=request.user, version=version, summary=form.cleaned_data["edit_summary"]
                )
            except (ValidationError, services.ModerationError) as exc:
                for message in _errors(exc):
                    messages.error(request, message)
            else:
                return self._after_proposal(request)
        current = self.model._base_manager.filter(pk=version.object_id).first()
        old_state = selectors.state_of_version(version)
        current_state = state_of(current) if current else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Recover a deleted entry")
            if current is None
            else gettext("Restore a version"),
            "version": version,
            "version_label": label,
            "form": form,
            "diff": diff_states(self.entry_type, current_state, old_state),
            "recovering": current is None,
        }
        return TemplateResponse(request, "admin/moderation/restore_confirm.html", context)

    def recover_list_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        deleted = Version.objects.get_deleted(self.model).select_related("revision__user")
        page = Paginator(deleted.order_by("-pk"), 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Deleted %(entries)s")
            % {"entries": self.model._meta.verbose_name_plural},
            "page": page,
        }
        return TemplateResponse(request, "admin/moderation/recover_list.html", context)


def form_initial(state) -> dict:
    """Form initial data from a state: field values, and links as lists of ids."""
    return {**state.get("fields", {}), **state.get("m2m", {})}


# --- the moderation queue -------------------------------------------------------


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


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["summary", "entry", "author", "created_at", "age", "state"]
    list_display_links = ["summary"]
    list_filter = [StatusFilter, KindFilter, "author", AgeFilter]
    list_select_related = ["author", "reviewer", "content_type"]
    search_fields = ["summary", "object_repr"]
    ordering = ["created_at", "pk"]
    list_per_page = 50
    change_list_template = "admin/moderation/queue.html"

    @admin.display(description=_("entry"), ordering="content_type__model")
    def entry(self, obj):
        kind = obj.content_type.model_class()._meta.verbose_name
        return f"{kind}・{obj.get_action_display()}: {Truncator(obj.object_repr).chars(40)}"

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at) if obj.is_pending else ""

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj.is_pending and getattr(obj, "is_stale", False):
            return format_html(
                '<strong class="conflict">{}</strong>', gettext("conflict: rebase needed")
            )
        return obj.get_status_display()

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        selectors.mark_stale(changelist.result_list)
        return changelist

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "pending_counts": selectors.pending_counts()}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(
            ChangeRequest.objects.select_related("author", "reviewer", "content_type"), pk=object_id
        )
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        reject_form = RejectForm(request.POST or None)
        if request.method == "POST":
            response = self._decide(request, change, reject_form)
            if response is not None:
                return response
            change.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(change),
            "change": change,
            "review": selectors.review_of(change),
            "reject_form": reject_form,
            "can_review": services.can_review(request.user) and change.is_pending,
            "is_author": change.author_id == request.user.pk,
            "revise_url": selectors.revise_url(change) if change.is_pending else None,
            "links": selectors.entry_links(change),
            "show_all_fields": change.action != Action.UPDATE,
        }
        return TemplateResponse(request, "admin/moderation/change_review.html", context)

    def _decide(self, request, change, reject_form):
        try:
            if "_approve" in request.POST:
                services.change_approve(change=change, reviewer=request.user)
                messages.success(request, gettext("Approved and published."))
            elif "_reject" in request.POST:
                reject_form.is_valid()
                services.change_reject(
                    change=change,
                    reviewer=request.user,
                    reason=reject_form.cleaned_data.get("reason"),
                )
                messages.success(request, gettext("Rejected; the author sees your reason."))
            elif "_withdraw" in request.POST:
                services.change_withdraw(change=change, user=request.user)
                messages.success(request, gettext("Withdrawn."))
            else:
                messages.error(request, gettext("Choose approve, reject or withdraw."))
                return None
        except (ValidationError, services.ModerationError) as exc:
            for message in _errors(exc):
                messages.error(request, message)
            return None
        return HttpResponseRedirect(request.path)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """Recent changes: every decision, newest first."""

    list_display = [
        "decided_at",
        "status",
        "kind",
        "action",
        "entry_link",
        "summary",
        "author",
        "reviewer",
    ]
    list_display_links = None
    list_filter = ["status", KindFilter, "reviewer", "author"]
    list_select_related = ["author", "reviewer", "content_type"]
    search_fields = ["summary", "object_repr"]
    ordering = ["-decided_at", "-pk"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).decided()

    @admin.display(description=_("kind of entry"))
    def kind(self, obj):
        return obj.content_type.model_class()._meta.verbose_name

    @admin.display(description=_("entry"))
    def entry_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.object_repr)
