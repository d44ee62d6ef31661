"""The entry form: from what an editor sees to one proposal.

Read top to bottom, a save goes through ``EntryFormView.__call__``:

1. ``draft()`` — what the form starts from: the published entry, the author's
   open change (``?revise=<id>``), or a rejected change taken up again
   (``?reopen=<id>``), with the published version and revision it is based on;
   and ``changeset()``, the changeset the form adds to, if any: the one of the
   change revised, the one named (``?changeset=<id>``), or the author's draft;
2. ``forms()`` — the entry's model form, its citations, and the proposal form
   (edit summary, and those two numbers as hidden fields), validated and shown
   with the changeset's other entries written (``publishing.changeset_applied``,
   rolled back): an entry new in the changeset can be chosen like any other;
3. ``submit()`` — one service call, ``change_propose`` or ``change_revise``;
   errors it raises are put on the fields they name;
4. ``done()`` — to the change's page, to its changeset's, or to its merge page
   when a version published meanwhile touched the same fields; in a popup (the
   "+" beside a field), back to the form with the new entry chosen.

Nothing here writes an entry: the services are the only write path.
"""

import copy
import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from .. import services
from ..models import Action, ChangeRequest, Changeset, Status
from ..publishing import changeset_applied, provisional_id
from ..selectors import is_stale, watch_of, working_changeset
from ..state import State, apply_fields, state_from_form, state_of
from .errors import error_summary, parse_id, place_errors


@dataclass(slots=True)
class Draft:
    """What the form starts from."""

    state: State | None  # None: the published entry as it is (or an empty form)
    base_version: int | None  # the published version the state is an edit of
    revising: ChangeRequest | None = None
    reopening: ChangeRequest | None = None
    summary: str = ""
    # The change being revised was decided while its author edited: the edit is shown
    # again, to be proposed as a new change (nothing is saved on this request).
    decided_meanwhile: ChangeRequest | None = None

    @property
    def revision(self) -> int | None:
        return self.revising.revision if self.revising else None


class EntryFormView:
    """The add and change views of every entry admin (``EntryAdmin``)."""

    template = "admin/moderation/entry_change_form.html"

    def __init__(self, model_admin, request, object_id=None):
        self.admin = model_admin
        self.model = model_admin.model
        self.request = request
        self.object_id = object_id
        self.is_popup = IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET

    def __call__(self):
        entry = self.entry()
        draft = self.draft(entry)
        changeset = self.changeset(draft)
        posted = self.request.method == "POST" and not draft.decided_meanwhile
        # The changeset's new entries can be chosen; the published ones read as they are.
        with changeset_applied(changeset, excluding=draft.revising, new_only=True):
            form, citations, proposal = self.forms(entry, draft, changeset)
            if not (posted and self.all_valid(form, citations, proposal)):
                return self.render(entry, draft, changeset, form, citations, proposal).render()
            state = self.proposed_state(form, citations)
        change = self.submit(entry, draft, changeset, state, form, citations, proposal)
        if change is not None:
            return self.done(change, draft)
        with changeset_applied(changeset, excluding=draft.revising, new_only=True):
            return self.render(entry, draft, changeset, form, citations, proposal).render()

    # --- 1. what the form starts from ---------------------------------------------
    def entry(self):
        """The published entry (None on the add form), or 403/404."""
        if self.object_id is None:
            if not self.admin.has_add_permission(self.request):
                raise PermissionDenied
            return None
        pk = parse_id(unquote(self.object_id))
        entry = self.model._base_manager.filter(pk=pk).first()
        if entry is None:
            raise Http404(gettext("No such entry: it may have been deleted."))
        if not self.admin.has_change_permission(self.request, entry):
            raise PermissionDenied
        return entry

    def draft(self, entry) -> Draft:
        revising = self._change_from("revise", entry)
        if revising is not None:
            if revising.action == Action.DELETE:
                raise Http404(gettext("No open change to revise."))
            if revising.author_id != self.request.user.pk:
                raise PermissionDenied
            if not revising.is_open:
                if self.request.method != "POST":
                    raise Http404(gettext("No open change to revise."))
                return self._decided_meanwhile(revising)
            return Draft(
                revising.proposed_state,
                revising.base_version,
                revising=revising,
                summary=revising.summary,
            )
        reopening = self._change_from("reopen", entry)
        if reopening is not None:
            if reopening.status not in (Status.REJECTED, Status.WITHDRAWN) or not (
                reopening.proposed_state
            ):
                raise Http404(gettext("Only a rejected or withdrawn change can be reopened."))
            return Draft(
                reopening.proposed_state,
                reopening.base_version if entry else None,
                reopening=reopening,
                summary=reopening.summary,
            )
        return Draft(None, entry.version if entry else None)

    @staticmethod
    def _decided_meanwhile(change: ChangeRequest) -> Draft:
        """The author saved a revision of a change decided in the meantime: nothing is lost.

        A rejected or withdrawn change is reopened with the edit; after an approval the
        edit is based on the version that approval published.
        """
        if change.status == Status.APPROVED:
            published = change.base_version + 1 if change.base_version else None
            return Draft(None, published, summary=change.summary, decided_meanwhile=change)
        return Draft(
            None,
            change.base_version,
            reopening=change,
            summary=change.summary,
            decided_meanwhile=change,
        )

    def changeset(self, draft: Draft) -> Changeset | None:
        """The changeset this form adds to: the revised change's, the one the URL names (the
        form a changeset's "+" opened), or the author's draft; None without any. One named
        but decided meanwhile is kept: saving then says so, and the form keeps the edit."""
        if draft.revising is not None:
            return draft.revising.changeset
        named = self.request.GET.get("changeset")
        changeset = working_changeset(
            self.request.user, parse_id(named) if named is not None else None
        )
        if named is not None and changeset is None:
            raise Http404(gettext("No such changeset of yours is open."))
        return changeset

    def _change_from(self, parameter, entry) -> ChangeRequest | None:
        """The change named by ``?revise=`` or ``?reopen=``: one of this entry's."""
        value = self.request.GET.get(parameter)
        if not value:
            return None
        changes = (
            ChangeRequest.objects.for_model(self.model)
            .visible_to(self.request.user)
            .filter(pk=parse_id(value))
        )
        if entry is not None:
            changes = changes.filter(object_id=entry.pk)
        else:
            changes = changes.filter(action=Action.CREATE)
        change = changes.first()
        if change is None:
            raise Http404(gettext("No such change of this entry."))
        return change

    # --- 2. the forms -----------------------------------------------------------
    def forms(self, entry, draft: Draft, changeset: Changeset | None):
        request, data = self.request, self.request.POST if self.request.method == "POST" else None
        fieldsets = self.fieldsets(entry)
        ModelForm = self.admin.get_form(
            request, entry, change=entry is not None, fields=flatten_fieldsets(fieldsets)
        )
        # The form edits a copy: the header and breadcrumbs keep showing the published entry.
        working = copy.copy(entry) if entry is not None else self.model()
        initial = {} if entry is not None else self.admin.get_changeform_initial_data(request)
        if draft.state is not None:
            apply_fields(working, draft.state)
            initial.update(draft.state.get("m2m", {}))
        form = ModelForm(data, request.FILES or None, instance=working, initial=initial)
        citations = self.citation_formset(entry, draft, working, data)
        proposal_data = data
        if draft.decided_meanwhile is not None:
            proposal_data = data.copy()
            proposal_data["base_version"] = draft.base_version or ""
            proposal_data["revision"] = ""
        proposal = self.admin.proposal_form(
            proposal_data,
            initial={
                "edit_summary": draft.summary,
                "base_version": draft.base_version,
                "revision": draft.revision,
            },
            changeset=changeset,
            offer_changeset=draft.revising is None and not self.is_popup,
        )
        return form, citations, proposal

    def fieldsets(self, entry):
        return self.admin.get_fieldsets(self.request, entry)

    def citation_formset(self, entry, draft: Draft, working, data):
        inline = self.admin.citation_inline(self.request, entry)
        if inline is None:
            return None
        if draft.state is not None:
            rows = draft.state.get("citations", [])
        else:
            rows = state_of(entry)["citations"] if entry is not None else []
        initial = [{**row, "position": position} for position, row in enumerate(rows, start=1)]
        initial.append({"position": len(rows) + 1})  # the blank row for one more citation
        FormSet = inline.get_formset(self.request, entry, extra=len(initial))
        # Every citation row is "new": the list as a whole is the proposal.
        return FormSet(
            data,
            instance=working,
            queryset=inline.model.objects.none(),
            prefix=FormSet.get_default_prefix(),
            initial=initial if data is None else None,
        )

    @staticmethod
    def all_valid(form, citations, proposal) -> bool:
        valid = [form.is_valid(), proposal.is_valid()]
        if citations is not None:
            valid.append(citations.is_valid())
        return all(valid)

    def proposed_state(self, form, citations) -> State:
        rows = citations.citation_rows() if citations is not None else []
        return state_from_form(self.admin.entry_type, form.instance, form.cleaned_data, rows)

    # --- 3. one service call ----------------------------------------------------
    def submit(
        self, entry, draft: Draft, changeset, state, form, citations, proposal
    ) -> ChangeRequest | None:
        summary = proposal.cleaned_data["edit_summary"]
        try:
            if draft.revising is not None:
                return services.change_revise(
                    change=draft.revising,
                    author=self.request.user,
                    summary=summary,
                    state=state,
                    revision=proposal.cleaned_data["revision"],
                )
            if entry is not None and proposal.cleaned_data["base_version"] is None:
                proposal.add_error(None, gettext("The form lost the version it shows: reload it."))
                return None
            # Into the changeset when asked, or from a "+" (an add popup); the service adds
            # an entry that refers to the changeset's new entries anyway.
            asked = proposal.cleaned_data.get("in_changeset") or (self.is_popup and not entry)
            return services.change_propose(
                author=self.request.user,
                model=self.model,
                summary=summary,
                state=state,
                target=entry,
                base_version=proposal.cleaned_data["base_version"],
                reopens=draft.reopening,
                changeset=changeset if asked else None,
                in_draft=bool(asked) and changeset is None,
            )
        except ValidationError as exc:
            place_errors(exc, form=form, citations=citations, proposal=proposal)
        except services.ModerationError as exc:
            proposal.add_error(None, str(exc))
        return None

    # --- 4. after the proposal ----------------------------------------------------
    def done(self, change: ChangeRequest, draft: Draft):
        if self.is_popup:
            return self.popup_chosen(change, revised=draft.revising is not None)
        if is_stale(change):
            messages.warning(
                self.request,
                gettext(
                    "Your change is saved, but the entry was published again meanwhile and "
                    "both changed the same fields: choose what to keep, then it goes to review."
                ),
            )
            return redirect("admin:moderation_changerequest_merge", change.pk)
        return announce_proposal(self.request, change)

    def popup_chosen(self, change: ChangeRequest, *, revised: bool):
        """Django's answer to a popup, and the popup closes: after an add, the opener
        chooses the new entry by the provisional id its changeset knows it by; after a
        revision of the new entry (its pencil), the opener renames it; after an edit of a
        published entry (its pencil), the entry stays chosen as it is published."""
        opts = self.model._meta
        if change.action == Action.UPDATE:
            value, name = (
                str(change.object_id),
                str(self.model._base_manager.get(pk=change.object_id)),
            )
            answer = {"action": "change", "value": value, "new_value": value, "obj": name}
        else:
            value = str(provisional_id(change))
            answer = {"value": value, "obj": change.object_repr}
            if revised:
                answer.update(action="change", new_value=value)
        data = json.dumps(answer)
        return TemplateResponse(
            self.request,
            self.admin.popup_response_template
            or [
                f"admin/{opts.app_label}/{opts.model_name}/popup_response.html",
                f"admin/{opts.app_label}/popup_response.html",
                "admin/popup_response.html",
            ],
            {"popup_response_data": data},
        )

    def render(self, entry, draft: Draft, changeset, form, citations, proposal):
        request, admin = self.request, self.admin
        fieldsets = list(self.fieldsets(entry))
        admin_form = helpers.AdminForm(
            form,
            fieldsets,
            admin.get_prepopulated_fields(request, entry),
            admin.get_readonly_fields(request, entry),
            model_admin=admin,
        )
        formsets = [citations] if citations is not None else []
        inline_instances = [admin.citation_inline(request, entry)] if citations is not None else []
        inline_formsets = admin.get_inline_formsets(request, formsets, inline_instances, entry)
        media = admin.media + admin_form.media
        for inline_formset in inline_formsets:
            media += inline_formset.media
        add = entry is None
        title = gettext("Add %s") if add else gettext("Change %s")
        context = {
            **admin.admin_site.each_context(request),
            "title": title % self.model._meta.verbose_name,
            "subtitle": str(entry) if entry else None,
            "adminform": admin_form,
            "object_id": self.object_id,
            "original": entry,
            "is_popup": self.is_popup,
            "to_field": request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)),
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": None,  # the error summary below names and links every error instead
            "error_summary": error_summary(form=form, citations=citations, proposal=proposal),
            "preserved_filters": admin.get_preserved_filters(request),
            "proposal_form": proposal,
            "draft": draft,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_save_as_new": False,
            "pending_changes": self.pending_changes(entry, draft),
            "watch": watch_of(request.user, self.model, entry.pk) if entry else None,
            "entry_type_key": self.model._meta.label_lower,
            "published_since": self.published_since(entry, draft),
            "merge_url": reverse("admin:moderation_changerequest_merge", args=[draft.revising.pk])
            if draft.revising
            else None,
            "changeset": changeset,
        }
        return admin.render_change_form(
            request, context, add=add, change=not add, obj=entry, form_url=self.form_url(draft)
        )

    def form_url(self, draft: Draft) -> str:
        """Where the form posts: a change decided meanwhile is proposed anew, not revised."""
        if draft.decided_meanwhile is None:
            return ""
        if draft.reopening is not None:
            return f"{self.request.path}?reopen={draft.reopening.pk}"
        return self.request.path

    def pending_changes(self, entry, draft: Draft) -> list[ChangeRequest]:
        if entry is None:
            return []
        changes = (
            ChangeRequest.objects.open()
            .visible_to(self.request.user)
            .for_entry(self.model, entry.pk)
        )
        if draft.revising:
            changes = changes.exclude(pk=draft.revising.pk)
        return list(changes.select_related("author"))

    @staticmethod
    def published_since(entry, draft: Draft) -> int | None:
        """The version published since the one the form is based on, if any."""
        if entry is None or draft.base_version is None or draft.base_version == entry.version:
            return None
        return entry.version


def announce_proposal(request, change: ChangeRequest):
    """Tell the author their change waits for review, and show it; a change added to a
    changeset shows the changeset."""
    if change.changeset_id is not None:
        if change.changeset.status == Status.PENDING:
            text = gettext(
                "“%(entry)s” is saved in your changeset, which is under review: reviewers see "
                "the new revision."
            )
        else:
            text = gettext(
                "“%(entry)s” is saved in your changeset. Add what else belongs to it, preview "
                "it, then submit it for review."
            )
        messages.success(request, text % {"entry": change.object_repr})
        return redirect(change.changeset)
    messages.success(
        request,
        gettext(
            "Your change awaits review: “%(summary)s”. The published entry does not change "
            "until a reviewer approves it."
        )
        % {"summary": change.summary},
    )
    return redirect(change)
