"""The base of every content admin: editing, deleting and restoring are proposals.

``EntryAdmin`` never saves an entry. Its add and change views are
``EntryFormView`` (``editing``), which ends in one service call; the delete,
restore and recover views end in a proposal too; history and compare are views
of stored versions.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from reversion.models import Version

from apps.core.registry import entry_type_for

from .. import selectors, services
from ..diff import Names, diff_states
from ..forms import CitationForm, CitationFormSet, EditSummaryForm, EntryForm, ProposalForm
from ..models import Action, ChangeRequest
from ..state import state_of
from .editing import EntryFormView, announce_proposal
from .errors import parse_id
from .widgets import ChangesetLinksMixin, NamedAutocompleteMixin


class CitationInline(ChangesetLinksMixin, NamedAutocompleteMixin, admin.TabularInline):
    """The citations of an entry, in order. Concrete inlines set ``model``."""

    form = CitationForm
    formset = CitationFormSet
    fields = ["position", "source", "via", "via_note", "anchors", "editor_note"]
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


class EntryAdmin(ChangesetLinksMixin, NamedAutocompleteMixin, admin.ModelAdmin):
    form = EntryForm
    proposal_form = ProposalForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = None  # "delete selected" would bypass review
    list_per_page = 50
    change_form_template = "admin/moderation/entry_change_form.html"
    change_list_template = "admin/moderation/entry_change_list.html"
    delete_confirmation_template = "admin/moderation/entry_delete_confirmation.html"

    class Media:
        # Names the autocomplete widgets; gives a citation row added in the browser its position.
        js = ["moderation/autocomplete.js", "moderation/citations.js"]

    @property
    def entry_type(self):
        return entry_type_for(self.model)

    # --- editing is proposing (editing.EntryFormView) -----------------------------
    def add_view(self, request, form_url="", extra_context=None):
        return EntryFormView(self, request)()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        provisional = provisional_entry_form(request, self.model, unquote(object_id))
        if provisional is not None:
            return provisional
        pk = parse_id(unquote(object_id))
        if not self.has_change_permission(request, None):
            # Read-only for those who may only look: Django's own view, which saves nothing.
            if request.method == "POST":
                raise PermissionDenied
            return super().change_view(request, str(pk), form_url, extra_context)
        return EntryFormView(self, request, str(pk))()

    def citation_inline(self, request, obj):
        """The citations inline of this entry's form, or None for an entry without citations."""
        return next(
            (i for i in self.get_inline_instances(request, obj) if isinstance(i, CitationInline)),
            None,
        )

    # --- deleting is proposing too -------------------------------------------
    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, str(parse_id(unquote(object_id))))
        if obj is not None and request.method == "POST":
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            form = EditSummaryForm(request.POST)
            if not form.is_valid():
                messages.error(request, gettext("Describe the deletion in an edit summary."))
                return HttpResponseRedirect(request.get_full_path())
            try:
                change = services.change_propose_deletion(
                    author=request.user, target=obj, summary=form.cleaned_data["edit_summary"]
                )
            except (ValidationError, services.ModerationError) as exc:
                _show_errors(request, exc)
                return HttpResponseRedirect(request.get_full_path())
            return announce_proposal(request, change)
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
        history = selectors.entry_history(self.model, parse_id(unquote(object_id)), request.user)
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
        object_id = str(parse_id(unquote(object_id)))
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
        if object_id is not None and version.object_id != str(parse_id(unquote(object_id))):
            raise Http404
        label = selectors.version_label(version)
        form = EditSummaryForm(
            request.POST or None,
            initial={"edit_summary": gettext("Restore %(version)s") % {"version": label}},
        )
        if request.method == "POST" and form.is_valid():
            try:
                change = services.change_propose_restore(
                    author=request.user, version=version, summary=form.cleaned_data["edit_summary"]
                )
            except (ValidationError, services.ModerationError) as exc:
                _show_errors(request, exc)
            else:
                return announce_proposal(request, change)
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


def provisional_entry_form(request, model, object_id: str):
    """The pencil or eye beside an entry new in a changeset (its provisional id, negative)
    opens the form of the change that proposes it, in the same popup; None for any other
    id."""
    if not object_id.startswith("-") or not object_id[1:].isdigit():
        return None
    change = (
        ChangeRequest.objects.for_model(model)
        .open()
        .filter(pk=int(object_id[1:]), author=request.user, action=Action.CREATE)
        .first()
    )
    url = selectors.revise_url(change) if change is not None else None
    if url is None:
        raise Http404(gettext("No such entry: a new entry is opened by its author only."))
    kept = {key: request.GET[key] for key in (IS_POPUP_VAR, TO_FIELD_VAR) if key in request.GET}
    return HttpResponseRedirect(f"{url}&{urlencode(kept)}" if kept else url)


def _show_errors(request, exc):
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, message)
