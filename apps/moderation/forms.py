from django import forms
from django.apps import apps
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import FuzzyDateFormMixin
from apps.core.models import SHORT_TEXT_LIMIT
from apps.core.registry import entry_type_for

from .merge import EDITED, OURS, THEIRS

EDIT_SUMMARY_HELP = _(
    "What you changed and why, e.g. “date corrected from 2024-10-18 to 2024-10-19 per NHK”. "
    "Reviewers and the history show it."
)


def edit_summary_field():
    return forms.CharField(
        label=_("Edit summary"),
        max_length=300,
        help_text=EDIT_SUMMARY_HELP,
        widget=forms.TextInput(attrs={"size": 80}),
    )


class EntryForm(FuzzyDateFormMixin, forms.ModelForm):
    """The fields of an entry; a new entry's slug is generated when left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False


class ProposalForm(forms.Form):
    """What makes a save a proposal: the summary, and what the form was loaded from.

    ``base_version`` is the published version the editor saw (so that a version
    published meanwhile is merged, not overwritten); ``revision`` the revision of
    the change being revised. ``in_changeset`` (offered on a new proposal) adds it to the
    editor's changeset, or begins one with it.
    """

    edit_summary = edit_summary_field()
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    in_changeset = forms.BooleanField(required=False)

    def __init__(self, *args, changeset=None, offer_changeset=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["in_changeset"]
        if not offer_changeset:
            del self.fields["in_changeset"]
        elif changeset is None:
            field.label = _("Begin a changeset with it")
            field.help_text = _(
                "Propose it with other entries (a source, the event it reports, a figure…): "
                "they are reviewed and published together, once you submit the changeset."
            )
        else:
            field.label = _("Add it to your changeset")
            field.help_text = _("“%(changeset)s”: reviewed and published with its entries.") % {
                "changeset": changeset.summary or changeset.object_repr or _("(draft)")
            }


class EditSummaryForm(forms.Form):
    """Deletion, restore and recovery ask for a summary too."""

    edit_summary = edit_summary_field()


class ReviewForm(forms.Form):
    """A reviewer's decision on one revision: the revision is part of the form.

    ``corrected``: (key, entry, what it alters of the entry's substance) of each edit of a
    published entry under review; each gets a correction note for readers and a reason it
    is not substantive (``correction<key>``, ``not_substantive<key>``), one of which an
    approval needs when the edit alters the substance.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Comment for the author"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Required to request changes or to reject; the author sees it."),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, corrected=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.corrected = list(corrected)
        for key, entry, _substance in self.corrected:
            self.fields[f"correction{key}"] = forms.CharField(
                label=_("Correction of “%(entry)s”") % {"entry": entry}
                if entry
                else _("Correction for readers"),
                widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
                required=False,
                max_length=SHORT_TEXT_LIMIT,
                help_text=_(
                    "Published with the change, on the entry and in the corrections: what "
                    "was wrong and what is right."
                ),
            )
            self.fields[f"not_substantive{key}"] = forms.CharField(
                label=_("Or: not a correction, because"),
                required=False,
                max_length=300,
                help_text=_("A typo, formatting: why readers need not be told."),
            )

    def correction_rows(self):
        """(what the edit alters, its correction field, its reason field) of each edit."""
        return [
            (substance, self[f"correction{key}"], self[f"not_substantive{key}"])
            for key, _entry, substance in self.corrected
        ]

    def decision(self, key="") -> tuple[str, str]:
        """The (correction note, not-substantive reason) given for an edit."""
        data = self.cleaned_data
        return data.get(f"correction{key}", ""), data.get(f"not_substantive{key}", "")


class CommentForm(forms.Form):
    """A comment on a change, or on one of its fields; ``@username`` mentions someone."""

    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=4000,
        help_text=_("Write @username to mention someone: they are notified."),
    )
    field = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args, fields: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("the whole change")), *fields.items()]


class ChangesetSubmitForm(forms.Form):
    """What the changeset as a whole is: its edit summary, which every entry's published
    version carries."""

    edit_summary = edit_summary_field()


class ChangesetCommentForm(forms.Form):
    """A comment on a changeset, on one of its entries, or on one of their fields."""

    text = CommentForm.base_fields["text"]
    about = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args, choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", _("the whole changeset")), *choices.items()]


class WatchForm(forms.Form):
    """Which entry to watch (or stop watching), and until when."""

    entry_type = forms.CharField(label=_("entry type"))
    object_id = forms.IntegerField(label=_("entry id"), min_value=1)
    until = forms.DateField(
        label=_("Watch until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: until you stop."),
    )

    def clean_entry_type(self):
        try:
            model = apps.get_model(self.cleaned_data["entry_type"])
            entry_type_for(model)
        except (LookupError, ValueError):
            raise forms.ValidationError(_("This is not a kind of entry.")) from None
        return model


class MergeForm(forms.Form):
    """One choice per conflicting field: the published value, the author's, or a merged text.

    No choice is preselected: nothing published is overwritten unless chosen.
    """

    edit_summary = edit_summary_field()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for conflict in conflicts:
            choices = [(THEIRS, _("keep the published value")), (OURS, _("keep yours"))]
            if conflict.is_text:
                choices.append((EDITED, _("use the text merged by hand below")))
                self.fields[f"edit_{conflict.name}"] = forms.CharField(
                    label=gettext("%(field)s, merged by hand") % {"field": conflict.label},
                    widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
                    required=False,
                    initial=conflict.ours,
                    strip=False,
                )
            self.fields[f"pick_{conflict.name}"] = forms.ChoiceField(
                label=conflict.label, choices=choices, widget=forms.RadioSelect
            )

    def pick_field(self, conflict):
        return self[f"pick_{conflict.name}"]

    def edit_field(self, conflict):
        return self[f"edit_{conflict.name}"] if conflict.is_text else None

    def clean(self):
        cleaned = super().clean()
        for conflict in self.conflicts:
            if (
                cleaned.get(f"pick_{conflict.name}") == EDITED
                and not (cleaned.get(f"edit_{conflict.name}") or "").strip()
            ):
                self.add_error(f"edit_{conflict.name}", gettext("Write the merged text here."))
        return cleaned

    def choices(self) -> dict:
        return {
            conflict.name: (
                self.cleaned_data[f"pick_{conflict.name}"],
                self.cleaned_data.get(f"edit_{conflict.name}"),
            )
            for conflict in self.conflicts
        }

    def field_for(self, name: str) -> str | None:
        """The form field an error about ``name`` (a conflict, or the summary) belongs on."""
        if name == "summary":
            return "edit_summary"
        for conflict in self.conflicts:
            if name == conflict.name or name in conflict.members:
                return f"pick_{conflict.name}"
        return None


class CitationForm(forms.ModelForm):
    """One citation row. A row that names no source, attribution or note is blank and ignored,
    whatever its position says (the browser fills the position of every row it adds)."""

    MEANINGFUL = ("source", "via", "via_note", "anchors", "editor_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].initial = None

    def has_changed(self):
        return any(name in self.changed_data for name in self.MEANINGFUL)

    def validate_unique(self):
        # Citations are replaced as a whole when a change is approved: the rows stored
        # now are no conflict, and duplicates within the list are the formset's to find.
        pass


class CitationFormSet(BaseInlineFormSet):
    """Citations edited as a list: every row is new, nothing is saved by the admin.

    Rows are ordered by their position, then as listed; positions need not be
    unique or complete (the list is renumbered when the change is approved).
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A tabular row has column headers, not labels: name each input for assistive
        # technology ("Source, citation 2").
        row = (
            gettext("new citation")
            if index is None
            else gettext("citation %(number)s") % {"number": index + 1}
        )
        for name, field in form.fields.items():
            widget = field.widget
            while hasattr(widget, "widget"):  # the admin wraps related widgets
                widget = widget.widget
            widget.attrs["aria-label"] = f"{field.label or name}, {row}"

    def validate_unique(self):
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            source = data.get("source")
            if not source or data.get("DELETE"):
                continue
            if source.pk in seen:
                form.add_error(
                    "source",
                    gettext("This source is already cited in row %(row)s.")
                    % {"row": seen[source.pk]},
                )
            else:
                seen[source.pk] = self.forms.index(form) + 1

    def citation_rows(self) -> list[dict]:
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("source") or data.get("DELETE"):
                continue
            position = data.get("position")
            rows.append((position is None, position or 0, index, data))
        return [data for *_, data in sorted(rows, key=lambda row: row[:3])]
